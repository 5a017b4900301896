import CapillaryAPI
import HTTPKit
import LeatAPI
import Testing

/// Leat's and Capillary's errors are one type, told apart by their service.
@Suite struct APIErrorTests {
    @Test func eachAPIsErrorNamesItsAPIAndItsCode() {
        let leat = LeatError(kind: .api(code: 1003), status: 422, message: "The email must be a valid email address.")
        #expect(leat.description == "Leat error 1003 (HTTP 422): The email must be a valid email address.")
        #expect(leat.code == 1003 && leat.kind.reportCode(status: leat.status) == "1003")
        let capillary = CapillaryError(kind: .api(code: 1012), status: 200, message: "invalid referrer", requestID: "abc")
        #expect(capillary.description == "Capillary error 1012 (HTTP 200): invalid referrer (X-Cap-Requestid abc)")
    }

    @Test func aKindWithoutTheAPIsBodyHasNoCodeAndItsOwnReportCode() {
        let kinds: [(APIErrorKind, String)] = [
            (.http, "http-502"), (.noAnswer, "no-answer"), (.notConnected, "no-connection"), (.unreadable, "unreadable"),
        ]
        for (kind, code) in kinds {
            #expect(kind.code == nil && kind.reportCode(status: 502) == code)
        }
        #expect(APIErrorKind.noAnswer.isUnanswered && APIErrorKind.notConnected.isUnanswered && !APIErrorKind.http.isUnanswered)
        #expect(
            LeatError(kind: .noAnswer, status: 0, message: "timed out").outcome(of: "GET shops") == "gave no answer to GET shops: timed out"
        )
    }
}
