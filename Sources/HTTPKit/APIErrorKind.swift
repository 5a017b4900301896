/// What kind of failure an API call had: the same four for every API the tool calls.
public enum APIErrorKind: Sendable, Equatable {
    /// The API answered with its own error body: `code` is its number.
    case api(code: Int)
    /// An HTTP error status without the API's body (a proxy, a 5xx, a 429).
    case http
    /// The connection broke or timed out before a complete answer: the call may or may not have
    /// been applied.
    case noAnswer
    /// No connection could be made (refused, unreachable, the host name not found, the connect
    /// timeout): the call was never sent.
    case notConnected
    /// The answer could not be read as the documented payload.
    case unreadable

    /// Whether the call got no answer at all: it broke, or it was never sent.
    public var isUnanswered: Bool { self == .noAnswer || self == .notConnected }

    /// The report's `error_code`: the API's code, else `http-STATUS`, `no-answer`,
    /// `no-connection` or `unreadable`.
    public func reportCode(status: Int) -> String {
        switch self {
        case .api(let code): String(code)
        case .http: "http-\(status)"
        case .noAnswer: "no-answer"
        case .notConnected: "no-connection"
        case .unreadable: "unreadable"
        }
    }
}
