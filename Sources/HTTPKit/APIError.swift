import TextFormats

/// An API the tool calls, as its errors name it.
public protocol APIService: Sendable {
    /// `Leat`, `Capillary`.
    static var name: String { get }
}

/// A failed call to an API: its own error body (its code in ``kind``), an HTTP status without
/// that body, no answer at all, or an answer that could not be read. One type for every API;
/// `Service` keeps the APIs' errors apart (`LeatError`, `CapillaryError`).
public struct APIError<Service: APIService>: Error, Sendable, Equatable, CustomStringConvertible {
    public var kind: APIErrorKind
    /// HTTP status, 0 when there was no answer.
    public var status: Int
    public var message: String
    /// Seconds to wait, from `Retry-After` (429, 503).
    public var retryAfter: Double?
    /// The answer's request id, when the API gives one (Capillary's `X-Cap-Requestid`, what its
    /// support asks for).
    public var requestID: String?

    public init(kind: APIErrorKind, status: Int, message: String, retryAfter: Double? = nil, requestID: String? = nil) {
        self.kind = kind
        self.status = status
        self.message = message
        self.retryAfter = retryAfter
        self.requestID = requestID
    }

    /// The API's error code, when it gave one.
    public var code: Int? { kind.code }

    /// How the API met `request` (`GET contact-attributes`), for a sentence that starts "Leat at URL":
    /// "answered it with HTTP 401: …", or "gave no answer to it: connection refused: …".
    public func outcome(of request: String) -> String {
        kind.isUnanswered ? "gave no answer to \(request): \(message)" : "answered \(request) with \(self)"
    }

    /// The API's name, as its errors say it.
    public var service: String { Service.name }

    /// How the API met the request, as a phrase (``APIPhrase``): what ``description`` says.
    public var phrasing: Phrasing {
        let service = Phrasing.Value.text(Service.name)
        if let code {
            return .api(.answered, ["service": service, "code": "\(code)", "status": "\(status)", "message": "\(message)"])
        }
        return switch kind {
        case .http: .api(.http, ["service": service, "status": "\(status)", "message": "\(message)"])
        case .noAnswer: .api(.noAnswer, ["service": service, "message": "\(message)"])
        case .notConnected: .api(.notConnected, ["service": service, "message": "\(message)"])
        default: .api(.unreadable, ["service": service, "status": "\(status)"])
        }
    }

    public var description: String {
        let request = requestID.map { " (X-Cap-Requestid \($0))" } ?? ""
        if let code { return "\(Service.name) error \(code) (HTTP \(status)): \(message)\(request)" }
        return switch kind {
        case .http: "HTTP \(status): \(message)\(request)"
        case .noAnswer: "no answer: \(message)"
        case .notConnected: "no connection: \(message)"
        default: "unreadable answer (HTTP \(status)): \(message)\(request)"
        }
    }
}
