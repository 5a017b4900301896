import BatchKit
import Testing

@testable import CapillaryAPI
@testable import Jobs

/// The exactly-once invite state machine driven through its paths by hand: events in, actions
/// out, no HTTP (the HTTP tests of `InviteReferralsTests` run the same machine against the sandbox).
@Suite(.timeLimit(.minutes(5))) struct InviteSendingTests {
    static let referrer = Referrer.mobile("919000000001")
    static let rows = (0..<3).map { index in
        InviteRow(
            line: index + 2, group: .init(referrer: referrer, campaignToken: "J0H7Q", type: "MOBILE"),
            invite: ReferralInvite(identifier: "91800000000\(index)", name: "Friend \(index)", invitedOn: "2026-12-01T10:00:00Z"))
    }
    static let noAnswer = CapillaryError(kind: .noAnswer, status: 0, message: "the connection was closed")
    static let throttled = CapillaryError(kind: .http, status: 429, message: "Too Many Requests", retryAfter: 1)

    /// Capillary's answer: every invite of the groups sent stored.
    static func stored(_ groups: [ReferralGroup]) -> InviteSending.Event {
        .answered(
            groups.map { group in
                ReferralGroupResult(
                    itemStatus: nil,
                    inviteStatuses: Dictionary(
                        uniqueKeysWithValues: group.invites.map {
                            ($0.identifier, CapillaryStatus(success: true, code: 1000, message: "Success"))
                        }))
            }, requestID: "req-1")
    }

    static func invitee(_ row: InviteRow) -> Invitee {
        Invitee(identifier: row.invite.identifier, type: "MOBILE", campaignToken: "J0H7Q")
    }

    /// The identifiers a send action carries, or nil when the action is not a send.
    static func sent(_ action: InviteSending.Action) -> [String]? {
        guard case .send(let groups, _) = action else { return nil }
        return groups.flatMap { $0.invites.map(\.identifier) }
    }

    static func recorded(_ action: InviteSending.Action) -> [ReportLine?]? {
        guard case .record(let outcomes) = action else { return nil }
        return outcomes.map { $0?.reportLine }
    }

    @Test func anAnswerRecordsEachInvitesOwnStatus() throws {
        var machine = InviteSending(rows: Self.rows, unsure: [false, false, false])
        let send = machine.next(.start)
        #expect(Self.sent(send) == Self.rows.map(\.invite.identifier))
        let answer = InviteSending.Event.answered(
            [
                ReferralGroupResult(
                    itemStatus: nil,
                    inviteStatuses: [
                        "918000000000": CapillaryStatus(success: true, code: 1000, message: "Success"),
                        "918000000001": CapillaryStatus(success: false, code: 1701, message: "Invalid Identifier"),
                    ])
            ], requestID: "req-9")
        let lines = try #require(Self.recorded(machine.next(answer)))
        #expect(lines.map { $0?.action } == [.invited, .failed, .failed])
        #expect(lines[1]?.errorCode == "1701" && lines[1]!.errorMessage.contains("req-9"))
        #expect(lines[2]?.errorCode == "no-status")
    }

    @Test func aLostAnswerIsLookedUpAndOnlyWhatCapillaryLacksIsSentAgain() throws {
        var machine = InviteSending(rows: Self.rows, unsure: [false, false, false])
        #expect(Self.sent(machine.next(.start))?.count == 3)
        guard case .wait(let delay) = machine.next(.retry(after: .milliseconds(200), Self.noAnswer)) else {
            Issue.record("no wait")
            return
        }
        #expect(delay == .milliseconds(200))
        guard case .lookUp(let key) = machine.next(.waited) else {
            Issue.record("no look-up after a lost answer")
            return
        }
        #expect(key.referrer == Self.referrer && key.campaignToken == "J0H7Q")
        // Capillary stored the first two before the answer was lost.
        let again = machine.next(.lookedUp([Self.invitee(Self.rows[0]), Self.invitee(Self.rows[1])]))
        #expect(Self.sent(again) == [Self.rows[2].invite.identifier])
        guard case .send(let groups, let attempt) = again else { return }
        #expect(attempt == 2)
        let lines = try #require(Self.recorded(machine.next(Self.stored(groups))))
        #expect(lines.allSatisfy { $0?.action == .invited })
        #expect(lines[0]!.errorMessage == "the answer was lost (no answer); Capillary had it, so it was not sent again")
        #expect(lines[2]!.errorMessage.isEmpty)
    }

    @Test func aLookUpThatFailsForGoodLeavesTheOutcomeUnknownAndSendsNothingAgain() throws {
        var machine = InviteSending(rows: Self.rows, unsure: [false, false, false])
        _ = machine.next(.start)
        guard case .lookUp = machine.next(.failed(Self.noAnswer)) else {
            Issue.record("no look-up after a lost answer")
            return
        }
        let failed = CapillaryError(kind: .http, status: 502, message: "Bad Gateway")
        let lines = try #require(Self.recorded(machine.next(.lookUpFailed(failed))), "nothing may be sent again")
        #expect(lines.allSatisfy { $0?.errorCode == "outcome-unknown" && $0?.ok == false })
        #expect(lines[0]!.errorMessage.contains("it may have been stored: no answer") && lines[0]!.errorMessage.contains("HTTP 502"))
    }

    @Test func aStormOf429sWaitsAndSendsAgainWithoutLookingUp() throws {
        var machine = InviteSending(rows: Self.rows, unsure: [false, false, false])
        var action = machine.next(.start)
        for attempt in 1...6 {
            guard case .send(_, let number) = action else {
                Issue.record("attempt \(attempt): \(action)")
                return
            }
            #expect(number == attempt)
            guard case .wait = machine.next(.retry(after: .seconds(1), Self.throttled)) else {
                Issue.record("no wait")
                return
            }
            action = machine.next(.waited)
        }
        // The budget is spent: the invites fail with the 429, and were never looked up (a 429 stores nothing).
        let lines = try #require(Self.recorded(machine.next(.failed(Self.throttled))))
        #expect(lines.allSatisfy { $0?.errorCode == "http-429" })
    }

    @Test func aResumeLooksUpTheJournalsRowsBeforeSendingTheRest() throws {
        var machine = InviteSending(rows: Self.rows, unsure: [true, true, false])
        guard case .lookUp = machine.next(.start) else {
            Issue.record("the journal's rows were not looked up first")
            return
        }
        // Capillary has the first; the second never left.
        let send = machine.next(.lookedUp([Self.invitee(Self.rows[0])]))
        #expect(Self.sent(send) == [Self.rows[1].invite.identifier, Self.rows[2].invite.identifier])
        guard case .send(let groups, _) = send else { return }
        let lines = try #require(Self.recorded(machine.next(Self.stored(groups))))
        #expect(lines[0]!.errorMessage == "sent before an interruption; Capillary had it, so it was not sent again")
        #expect(lines.allSatisfy { $0?.action == .invited })
    }

    @Test func aResumeWhoseLookUpFailsSendsOnlyTheRowsThatNeverLeft() throws {
        var machine = InviteSending(rows: Self.rows, unsure: [true, false, false])
        _ = machine.next(.start)
        let send = machine.next(.lookUpFailed(CapillaryError(kind: .api(code: 1012), status: 400, message: "Cannot find a customer")))
        #expect(Self.sent(send) == [Self.rows[1].invite.identifier, Self.rows[2].invite.identifier])
        guard case .send(let groups, _) = send else { return }
        let lines = try #require(Self.recorded(machine.next(Self.stored(groups))))
        #expect(lines[0]?.errorCode == "outcome-unknown" && lines[0]!.errorMessage.contains("an earlier run sent it"))
        #expect(lines[1]?.action == .invited && lines[2]?.action == .invited)
    }

    @Test func aStopLeavesTheUncertainRowsUnrecorded() throws {
        var machine = InviteSending(rows: Self.rows, unsure: [false, false, false])
        _ = machine.next(.start)
        _ = machine.next(.retry(after: .seconds(1), Self.noAnswer))
        let lines = try #require(Self.recorded(machine.next(.stopped)))
        #expect(lines.allSatisfy { $0 == nil }, "--resume settles them")
    }
}
