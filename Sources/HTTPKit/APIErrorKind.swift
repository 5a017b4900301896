/// What kind of failure an API call had: the same for every API the tool calls. A struct over a
/// private enum, as async-http-client's `HTTPClientError` is, so that a new kind breaks no caller:
/// compare with `==`, or ask ``code``.
public struct APIErrorKind: Sendable, Hashable, CustomStringConvertible {
    private enum Base: Hashable {
        case api(code: Int)
        case http
        case noAnswer
        case notConnected
        case unreadable
    }

    private let base: Base

    /// The API answered with its own error body: `code` is its number.
    public static func api(code: Int) -> Self { Self(base: .api(code: code)) }
    /// An HTTP error status without the API's body (a proxy, a 5xx, a 429).
    public static let http = Self(base: .http)
    /// The connection broke or timed out before a complete answer: the call may or may not have
    /// been applied.
    public static let noAnswer = Self(base: .noAnswer)
    /// No connection could be made (refused, unreachable, the host name not found, the connect
    /// timeout): the call was never sent.
    public static let notConnected = Self(base: .notConnected)
    /// The answer could not be read as the documented payload.
    public static let unreadable = Self(base: .unreadable)

    /// The API's own error code, when it answered with its error body.
    public var code: Int? {
        if case .api(let code) = base { return code }
        return nil
    }

    /// Whether the call got no answer at all: it broke, or it was never sent.
    public var isUnanswered: Bool { self == .noAnswer || self == .notConnected }

    /// The report's `error_code`: the API's code, else `http-STATUS`, `no-answer`,
    /// `no-connection` or `unreadable`.
    public func reportCode(status: Int) -> String {
        switch base {
        case .api(let code): String(code)
        case .http: "http-\(status)"
        case .noAnswer: "no-answer"
        case .notConnected: "no-connection"
        case .unreadable: "unreadable"
        }
    }

    public var description: String { reportCode(status: 0) }
}
