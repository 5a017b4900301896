/// A failed Leat call: Leat's own error (`{"message", "code", "status_code"}`), an HTTP status
/// without that body, or no answer at all.
public struct LeatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure it was.
    public enum Kind: Sendable, Equatable {
        /// Leat answered with an error body: `code` is its number (1003, 55031, 60000, 60005, …).
        case api(code: Int)
        /// An HTTP error status without Leat's body (a proxy, a 5xx, a 429).
        case http
        /// The connection broke or timed out before a complete answer: the call may or may not
        /// have been applied.
        case noAnswer
        /// The answer could not be read as the documented payload.
        case unreadable
    }

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

    public var description: String {
        switch kind {
        case .api(let code): "Leat error \(code) (HTTP \(status)): \(message)"
        case .http: "HTTP \(status): \(message)"
        case .noAnswer: "no answer: \(message)"
        case .unreadable: "unreadable answer (HTTP \(status)): \(message)"
        }
    }
}
