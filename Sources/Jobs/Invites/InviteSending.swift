import BatchKit
import CapillaryAPI

/// Exactly-once sending of one batch of invites, as a value: the async code tells it what happened
/// (an answer, a retry and its delay, a look-up's result, a failure for good, a stop) and does
/// what it answers (look up a referrer's invitees, send, wait, record), in the manner of
/// async-http-client's `RequestBag.StateMachine`. It does no I/O, so every path is tested without HTTP.
///
/// No invite is sent twice for one row. After any failure that may have stored the invites (no
/// answer, a 5xx, an unreadable answer), and for rows an earlier run left unsure, the referrer's
/// invitees are looked up and only the invites not among them are sent again. When that look-up
/// fails for good, the unsure invites get `outcome-unknown`, never a second send.
struct InviteSending {
    enum Action {
        /// `GET v1.1/customer/referrals` of this referrer and campaign, then `.lookedUp` or `.lookUpFailed`.
        case lookUp(InviteRow.GroupKey)
        /// `POST v2/referrals/invite` of these groups as the `attempt`th try, then `.answered`,
        /// `.retry`, `.failed` or `.stopped`.
        case send([ReferralGroup], attempt: Int)
        /// Wait out a retry's delay, then `.waited` (or `.stopped`).
        case wait(Duration)
        /// The batch is over: a line per invite, in order; nil where the run stopped before the
        /// invite's outcome was certain (`--resume` settles it).
        case record([RowOutcome?])
    }

    enum Event {
        case start
        /// The invitees of the key last looked up; nil for an unknown referrer.
        case lookedUp([Invitee]?)
        /// The look-up failed for good, its retries spent.
        case lookUpFailed(CapillaryError)
        case answered([ReferralGroupResult], requestID: String?)
        /// The send failed for now; it is tried again after the delay.
        case retry(after: Duration, CapillaryError)
        case waited
        /// The send failed for good (a row error, or the retries spent).
        case failed(CapillaryError)
        /// The run stops: a job-fatal answer, or an abort.
        case stopped
    }

    private let rows: [InviteRow]
    private var lines: [RowOutcome?]
    /// Invites without a line yet.
    private var pending: [Int]
    /// Invites that may be stored already: looked up before anything more is sent.
    private var unsure: [Int]
    /// Why they are unsure: a lost answer, or (nil) an earlier run that sent them.
    private var lostAnswer: CapillaryError?
    /// The invitees looked up while settling the unsure invites, by referrer and campaign.
    private var invitees: [InviteRow.GroupKey: [Invitee]] = [:]
    private var lookingUp: InviteRow.GroupKey?
    /// The send's failure for good, once the unsure invites are settled: the rest fail with it.
    private var failure: CapillaryError?
    private var attempt = 0
    /// Each pending invite's group in the request last sent.
    private var positions: [Int] = []

    /// `unsure`: per invite, whether an earlier run sent it without recording its outcome.
    init(rows: [InviteRow], unsure: [Bool]) {
        self.rows = rows
        lines = Array(repeating: nil, count: rows.count)
        pending = Array(rows.indices)
        self.unsure = rows.indices.filter { unsure[$0] }
    }

    mutating func next(_ event: Event) -> Action {
        switch event {
        case .start, .waited:
            return proceed()
        case .lookedUp(let found):
            invitees[lookingUp!] = found ?? []
            return proceed()
        case .lookUpFailed(let checkFailure):
            let cause =
                lostAnswer.map { "it may have been stored: \($0), and the look-up of the referrer's invitees failed too" }
                ?? "an earlier run sent it before it was interrupted, and the look-up of the referrer's invitees failed"
            for index in unsure {
                lines[index] = Self.line(
                    rows[index], failedWith: "outcome-unknown", "\(cause) (\(checkFailure)); look the invite up before sending it again")
            }
            settled()
            return proceed()
        case .answered(let results, let requestID):
            for (index, position) in zip(pending, positions) {
                lines[index] = Self.line(rows[index], result: results[position], requestID: requestID)
            }
            pending = []
            return .record(lines)
        case .retry(let delay, let failure):
            if failure.outcomeUnknown { markUnsure(failure) }
            return .wait(delay)
        case .failed(let failure):
            self.failure = failure
            if failure.outcomeUnknown { markUnsure(failure) }
            return proceed()
        case .stopped:
            return .record(lines)
        }
    }

    /// Settles the unsure invites (one look-up per referrer and campaign), then sends the rest, or
    /// fails them with the send's failure for good.
    private mutating func proceed() -> Action {
        if !unsure.isEmpty {
            if let index = unsure.first(where: { invitees[Self.lookUpKey(rows[$0])] == nil }) {
                lookingUp = Self.lookUpKey(rows[index])
                return .lookUp(lookingUp!)
            }
            let note =
                lostAnswer.map {
                    "the answer was lost (\($0.kind == .noAnswer ? "no answer" : "HTTP \($0.status)")); Capillary had it, so it was not sent again"
                }
                ?? "sent before an interruption; Capillary had it, so it was not sent again"
            for index in unsure where invitees[Self.lookUpKey(rows[index])]!.contains(where: { Self.same($0, rows[index]) }) {
                lines[index] = RowOutcome(line: rows[index].line, key: rows[index].key, action: .invited, note: note)
            }
            settled()
        }
        guard !pending.isEmpty else { return .record(lines) }
        if let failure {
            for index in pending { lines[index] = Self.line(rows[index], failedWith: failure.reportCode, failure.description) }
            return .record(lines)
        }
        attempt += 1
        let groups: [ReferralGroup]
        (groups, positions) = Self.groups(of: pending.map { rows[$0] })
        return .send(groups, attempt: attempt)
    }

    private mutating func markUnsure(_ failure: CapillaryError) {
        unsure = pending
        lostAnswer = failure
    }

    /// The unsure invites have their lines, or are known not to be stored.
    private mutating func settled() {
        pending.removeAll { lines[$0] != nil }
        unsure = []
        invitees = [:]
    }

    /// Invitees are looked up per referrer and campaign, whatever the type.
    static func lookUpKey(_ row: InviteRow) -> InviteRow.GroupKey {
        InviteRow.GroupKey(referrer: row.group.referrer, campaignToken: row.group.campaignToken, type: "")
    }

    /// Whether `invitee` is the invite of `row`.
    static func same(_ invitee: Invitee, _ row: InviteRow) -> Bool {
        invitee.identifier.lowercased() == row.invite.identifier.lowercased()
            && (invitee.type ?? row.group.type) == row.group.type
            && (invitee.campaignToken ?? row.group.campaignToken) == row.group.campaignToken
    }

    /// The request's groups, in first-seen order, and each row's group.
    static func groups(of rows: [InviteRow]) -> (groups: [ReferralGroup], positions: [Int]) {
        var groups: [ReferralGroup] = []
        var index: [InviteRow.GroupKey: Int] = [:]
        var positions: [Int] = []
        for row in rows {
            let position =
                index[row.group]
                ?? {
                    groups.append(ReferralGroup(referrer: row.group.referrer, campaignToken: row.group.campaignToken, type: row.group.type))
                    index[row.group] = groups.count - 1
                    return groups.count - 1
                }()
            groups[position].invites.append(row.invite)
            positions.append(position)
        }
        return (groups, positions)
    }

    private static func line(_ row: InviteRow, result: ReferralGroupResult, requestID: String?) -> RowOutcome {
        guard let status = result.status(of: row.invite.identifier) else {
            return line(
                row, failedWith: "no-status",
                "Capillary's answer has no status for this invite (X-Cap-Requestid \(requestID ?? "none")); look it up before sending it again"
            )
        }
        guard status.success else {
            return line(row, failedWith: String(status.code), "\(status.message) (X-Cap-Requestid \(requestID ?? "none"))")
        }
        return RowOutcome(line: row.line, key: row.key, action: .invited)
    }

    static func line(_ row: InviteRow, failedWith code: String, _ message: String, action: RowAction = .failed) -> RowOutcome {
        RowOutcome(line: row.line, key: row.key, action: action, problem: .answered(code: code, message: message))
    }
}
