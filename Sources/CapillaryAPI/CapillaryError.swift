/// A failed Capillary call: Capillary's own status (`{"response": {"status": …}}`), an HTTP
/// status without that body, no answer at all, or an answer that could not be read.
public struct CapillaryError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Capillary answered with a failed status: `code` is its number (401, 1012, …).
        case api(code: Int)
        /// An HTTP error status without Capillary's body (a proxy, a 5xx, a 429).
        case http
        /// The connection broke or timed out before a complete answer: the invites may or may not
        /// have been stored.
        case noAnswer
        /// An answer that is not the documented payload: whether it was applied is unknown.
        case unreadable
    }

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
        case .unreadable: "unreadable answer (HTTP \(status)): \(message)\(request)"
        }
    }
}
