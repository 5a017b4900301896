/// What kind of failure an API call had: the same four for every API the tool calls.
public enum APIErrorKind: Sendable, Equatable {
    /// The API answered with its own error body: `code` is its number.
    case api(code: Int)
    /// An HTTP error status without the API's body (a proxy, a 5xx, a 429).
    case http
    /// The connection broke or timed out before a complete answer: the call may or may not have
    /// been applied.
    case noAnswer
    /// The answer could not be read as the documented payload.
    case unreadable

    /// The report's `error_code`: the API's code, else `http-STATUS`, `no-answer` or `unreadable`.
    public func reportCode(status: Int) -> String {
        switch self {
        case .api(let code): String(code)
        case .http: "http-\(status)"
        case .noAnswer: "no-answer"
        case .unreadable: "unreadable"
        }
    }
}
