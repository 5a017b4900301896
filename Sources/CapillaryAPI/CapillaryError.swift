import HTTPKit

/// A failed Capillary call: Capillary's own status (`{"response": {"status": …}}`), an HTTP
/// status without that body, no answer at all, or an answer that could not be read.
public struct CapillaryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure it was; for `.api`, Capillary's code (401, 1012, …). An unreadable
    /// answer leaves unknown whether the invites were stored.
    public typealias Kind = APIErrorKind

    public var kind: Kind
    /// HTTP status, 0 when there was no answer.
    public var status: Int
    public var message: String
    /// Seconds to wait, from `Retry-After`.
    public var retryAfter: Double?
    /// `X-Cap-Requestid` of the answer: what Capillary's support asks for.
    public var requestID: String?

    public init(kind: Kind, status: Int, message: String, retryAfter: Double? = nil, requestID: String? = nil) {
        self.kind = kind
        self.status = status
        self.message = message
        self.retryAfter = retryAfter
        self.requestID = requestID
    }

    public var description: String {
        let request = requestID.map { " (X-Cap-Requestid \($0))" } ?? ""
        return switch kind {
        case .api(let code): "Capillary error \(code) (HTTP \(status)): \(message)\(request)"
        case .http: "HTTP \(status): \(message)\(request)"
        case .noAnswer: "no answer: \(message)"
        case .notConnected: "no connection: \(message)"
        case .unreadable: "unreadable answer (HTTP \(status)): \(message)\(request)"
        }
    }
}
