import HTTPKit

/// A failed Leat call: Leat's own error (`{"message", "code", "status_code"}`), an HTTP status
/// without that body, or no answer at all.
public struct LeatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure it was; for `.api`, Leat's code (1003, 55031, 60000, 60005, …).
    public typealias Kind = APIErrorKind

    public var kind: Kind
    /// HTTP status, 0 when there was no answer.
    public var status: Int
    public var message: String
    /// Seconds to wait, from `Retry-After` (429, 503).
    public var retryAfter: Double?

    public init(kind: Kind, status: Int, message: String, retryAfter: Double? = nil) {
        self.kind = kind
        self.status = status
        self.message = message
        self.retryAfter = retryAfter
    }

    /// Leat's error code, when it gave one.
    public var code: Int? {
        if case .api(let code) = kind { return code }
        return nil
    }

    /// How Leat met `request` (`GET contact-attributes`), for a sentence that starts "Leat at URL":
    /// "answered it with HTTP 401: …", or "gave no answer to it: connection refused: …".
    public func outcome(of request: String) -> String {
        kind.isUnanswered ? "gave no answer to \(request): \(message)" : "answered \(request) with \(self)"
    }

    public var description: String {
        switch kind {
        case .api(let code): "Leat error \(code) (HTTP \(status)): \(message)"
        case .http: "HTTP \(status): \(message)"
        case .noAnswer: "no answer: \(message)"
        case .notConnected: "no connection: \(message)"
        case .unreadable: "unreadable answer (HTTP \(status)): \(message)"
        }
    }
}
