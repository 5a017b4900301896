import BatchKit
import CapillaryAPI
import LeatAPI

/// Leat's errors, in one place: which failures are the row's, which are worth
/// another try, and which stop the job.
extension LeatError: APIFailure {
    public var failureClass: FailureClass {
        switch kind {
        case .noAnswer, .notConnected:
            return .transient
        case .unreadable:
            return .row
        case .api, .http:
            if code == LeatCode.usageLimitReached { return .fatal }
            if code == LeatCode.receptionInProgress { return .transient }
            return httpFailureClass(status: status)  // the row's: an invalid value, no such contact, …
        }
    }

    public var isThrottled: Bool { status == 429 }

    /// Whether a request that failed so may still have been applied (no answer, a 5xx, or
    /// `60001`: a credit reception still being made).
    public var outcomeUnknown: Bool {
        kind == .noAnswer || (status >= 500 && status != 503) || code == LeatCode.receptionInProgress
    }

    public var neverSent: Bool { kind == .notConnected }

    /// The report's `error_code`.
    var reportCode: String { kind.reportCode(status: status) }
}

/// The same for Capillary. Invites must not be sent twice, so every failure after which the
/// invites may have been stored (no answer, a 5xx without Capillary's body, an unreadable answer)
/// says `outcomeUnknown`: the sender then asks Capillary before sending again.
extension CapillaryError: APIFailure {
    public var failureClass: FailureClass {
        switch kind {
        case .noAnswer, .notConnected, .unreadable:
            return .transient
        case .api, .http:
            return httpFailureClass(status: status)  // row: 400, other API errors
        }
    }

    public var isThrottled: Bool { status == 429 }

    public var outcomeUnknown: Bool {
        kind == .noAnswer || kind == .unreadable || status >= 500
    }

    public var neverSent: Bool { kind == .notConnected }

    /// The report's `error_code`.
    var reportCode: String { kind.reportCode(status: status) }
}

/// What an HTTP error status means, the same for every API: 401/403 stop the job (bad
/// credentials, no access), 429 and 5xx are worth another try (and stop the job when the API as a
/// whole is down, see `APIHealth`), any other status is the row's.
private func httpFailureClass(status: Int) -> FailureClass {
    switch status {
    case 401, 403: .fatal
    case 429, 500...599: .transient
    default: .row
    }
}
