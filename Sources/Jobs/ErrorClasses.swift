import BatchKit
import CapillaryAPI
import HTTPKit
import LeatAPI

/// How an API's failures are met: which are the row's, which are worth another try, which stop
/// the job, and after which the call may still have been applied. In one place for every API.
package protocol ClassifiedService: APIService {
    static func failureClass(of error: APIError<Self>) -> FailureClass
    static func outcomeUnknown(_ error: APIError<Self>) -> Bool
}

extension APIError: APIFailure where Service: ClassifiedService {
    package var failureClass: FailureClass { Service.failureClass(of: self) }
    package var isThrottled: Bool { status == 429 }
    package var outcomeUnknown: Bool { Service.outcomeUnknown(self) }
    package var neverSent: Bool { kind == .notConnected }

    /// The report's `error_code`.
    var reportCode: String { kind.reportCode(status: status) }
}

extension LeatService: ClassifiedService {
    package static func failureClass(of error: LeatError) -> FailureClass {
        switch error.kind {
        case .noAnswer, .notConnected: .transient
        case .unreadable: .row
        default:
            switch error.code {
            case LeatCode.usageLimitReached: .fatal
            case LeatCode.receptionInProgress: .transient
            default: httpFailureClass(status: error.status)  // the row's: an invalid value, no such contact, …
            }
        }
    }

    /// No answer, a 5xx, or `60001`: a credit reception still being made.
    package static func outcomeUnknown(_ error: LeatError) -> Bool {
        error.kind == .noAnswer || (error.status >= 500 && error.status != 503) || error.code == LeatCode.receptionInProgress
    }
}

/// Invites must not be sent twice, so every failure after which the invites may have been stored
/// (no answer, a 5xx without Capillary's body, an unreadable answer) says `outcomeUnknown`: the
/// sender then asks Capillary before sending again.
extension CapillaryService: ClassifiedService {
    package static func failureClass(of error: CapillaryError) -> FailureClass {
        switch error.kind {
        case .noAnswer, .notConnected, .unreadable: .transient
        default: httpFailureClass(status: error.status)  // the row's: 400, other API errors
        }
    }

    package static func outcomeUnknown(_ error: CapillaryError) -> Bool {
        error.kind == .noAnswer || error.kind == .unreadable || error.status >= 500
    }
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
