import BatchKit
import CapillaryAPI
import Synchronization

/// The work on one batch: the Capillary calls, their retries, and a report line per invite.
///
/// No invite is sent twice for one row. After any failure that may have stored the invites (no
/// answer, a 5xx, an unreadable answer), and for rows an earlier run left unsure, the referrer's
/// invitees are fetched (`GET v1.1/customer/referrals`) and only the invites not among them are
/// sent again.
public final class InviteSender: BulkSender {
    typealias Entry = WorkBatch<InviteReferralsJob.Item>.Entry

    let client: CapillaryClient
    let runner: RequestRunner
    let dryRun: Bool
    /// HTTP requests sent (invites and look-ups), and retries, over all batches.
    private let sent = Atomic(0)
    private let retried = Atomic(0)
    public var requests: Int { sent.load(ordering: .relaxed) }
    var retries: Int { retried.load(ordering: .relaxed) }

    init(client: CapillaryClient, runner: RequestRunner, dryRun: Bool) {
        self.client = client
        self.runner = runner
        self.dryRun = dryRun
    }

    /// One line per item, in order; nil where the run stopped before the invite's outcome was
    /// certain (`--resume` settles it).
    public func perform(_ batch: WorkBatch<InviteReferralsJob.Item>) async -> [ReportLine?] {
        let start = ContinuousClock.now
        var attempts = Attempts()
        var lines = [ReportLine?](repeating: nil, count: batch.entries.count)
        if dryRun {
            await preview(batch.entries, into: &lines, &attempts)
        } else {
            await send(batch.entries, into: &lines, &attempts)
        }
        // Every request goes through the runner, which counts it in `attempts`.
        sent.add(attempts.requests, ordering: .relaxed)
        retried.add(attempts.retries, ordering: .relaxed)
        let milliseconds = Int((ContinuousClock.now - start).seconds * 1000)
        for index in lines.indices {
            lines[index]?.attempts = 1 + attempts.retries
            lines[index]?.durationMilliseconds = milliseconds
        }
        return lines
    }

    private func send(_ items: [Entry], into lines: inout [ReportLine?], _ attempts: inout Attempts) async {
        /// Items without a line yet.
        var pending = Array(items.indices)
        /// Items that may be stored already: looked up before the next send.
        var unsure = items.indices.filter { items[$0].item.unsure }
        var note = "sent before an interruption; Capillary had it, so it was not sent again"
        /// Marks the unsure items Capillary has as invited: one look-up (with its own retries) per
        /// referrer and campaign.
        func settleUnsure() async throws(RequestStop<CapillaryError>) {
            var invitees: [InviteRow.GroupKey: [Invitee]] = [:]
            for index in unsure {
                let key = Self.lookUpKey(items[index].item.row)
                if invitees[key] == nil {
                    invitees[key] = try await runner.send(&attempts) { () async throws(CapillaryError) in try await self.lookUp(key) } ?? []
                }
                if invitees[key]!.contains(where: { Self.same($0, items[index].item.row) }) {
                    lines[index] = Self.line(items[index], action: "invited", message: note)
                }
            }
            pending.removeAll { lines[$0] != nil }
            unsure = []
        }
        var number = 0
        do throws(RequestStop<CapillaryError>) {
            while true {
                if !unsure.isEmpty { try await settleUnsure() }
                guard !pending.isEmpty else { return }
                number += 1
                let (groups, positions) = Self.groups(of: pending.map { items[$0].item.row })
                let result = try await runner.attempt(&attempts, number: number) { () async throws(CapillaryError) in
                    let answer = try await client.invite(groups)
                    return (answer, answer.rateLimit, answer.rateLimitRemaining)
                }
                switch result {
                case .done(let answer):
                    for (index, position) in zip(pending, positions) {
                        lines[index] = Self.line(items[index], result: answer.value[position], requestID: answer.requestID)
                    }
                    return
                case .retry(let delay, let failure):
                    if failure.outcomeUnknown {
                        unsure = pending
                        note = Self.lostAnswerNote(failure)
                    }
                    guard await runner.wait(delay) else { throw .abandoned }
                }
            }
        } catch {
            guard case .failed(let failure) = error else { return }
            if failure.outcomeUnknown {
                unsure = pending
                note = Self.lostAnswerNote(failure)
                do throws(RequestStop<CapillaryError>) {
                    try await settleUnsure()
                } catch {
                    guard case .failed(let checkFailure) = error else { return }
                    for index in pending {
                        lines[index] = Self.line(items[index], failedWith: "outcome-unknown", "it may have been stored: \(failure), and the look-up of the referrer's invitees failed too (\(checkFailure)); look the invite up before sending it again")
                    }
                    return
                }
            }
            for index in pending {
                lines[index] = Self.line(items[index], failedWith: failure.reportCode, failure.description)
            }
        }
    }

    private static func lostAnswerNote(_ failure: CapillaryError) -> String {
        "the answer was lost (\(failure.kind == .noAnswer ? "no answer" : "HTTP \(failure.status)")); Capillary had it, so it was not sent again"
    }

    /// `--dry-run`: only the GET of each referrer's invitees. An unknown referrer would fail with
    /// 1012, an invite already among the invitees would be sent again, the rest would go out.
    private func preview(_ items: [Entry], into lines: inout [ReportLine?], _ attempts: inout Attempts) async {
        var invitees: [InviteRow.GroupKey: [Invitee]?] = [:]
        for (index, item) in items.enumerated() {
            let key = Self.lookUpKey(item.item.row)
            let known: [Invitee]?
            if let fetched = invitees[key] {
                known = fetched
            } else {
                do throws(RequestStop<CapillaryError>) {
                    known = try await runner.send(&attempts) { () async throws(CapillaryError) in
                        try await self.lookUp(key)
                    }
                } catch {
                    guard case .failed(let failure) = error else { return }
                    lines[index] = Self.line(item, failedWith: failure.reportCode, failure.description, action: "would-fail")
                    continue
                }
                invitees[key] = known
            }
            guard let known else {
                lines[index] = Self.line(item, failedWith: "1012", "Cannot find a customer for the referrer \(item.item.row.group.referrer)", action: "would-fail")
                continue
            }
            let already = known.contains { Self.same($0, item.item.row) }
            lines[index] = Self.line(item, action: "would-invite", message: already ? "already among the referrer's invitees: it would be sent again" : "")
        }
    }

    /// Invitees are looked up per referrer and campaign, whatever the type.
    private static func lookUpKey(_ row: InviteRow) -> InviteRow.GroupKey {
        InviteRow.GroupKey(referrer: row.group.referrer, campaignToken: row.group.campaignToken, type: "")
    }

    private func lookUp(_ key: InviteRow.GroupKey) async throws(CapillaryError) -> (value: [Invitee]?, limit: Int?, remaining: Int?) {
        let answer = try await client.invitees(of: key.referrer, campaignToken: key.campaignToken)
        return (answer.value, answer.rateLimit, answer.rateLimitRemaining)
    }

    private static func same(_ invitee: Invitee, _ row: InviteRow) -> Bool {
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
            let position = index[row.group] ?? {
                groups.append(ReferralGroup(referrer: row.group.referrer, campaignToken: row.group.campaignToken, type: row.group.type))
                index[row.group] = groups.count - 1
                return groups.count - 1
            }()
            groups[position].invites.append(row.invite)
            positions.append(position)
        }
        return (groups, positions)
    }

    private static func line(_ item: Entry, result: ReferralGroupResult, requestID: String?) -> ReportLine {
        guard let status = result.status(of: item.item.row.invite.identifier) else {
            return line(item, failedWith: "no-status", "Capillary's answer has no status for this invite (X-Cap-Requestid \(requestID ?? "none")); look it up before sending it again")
        }
        guard status.success else {
            return line(item, failedWith: String(status.code), "\(status.message) (X-Cap-Requestid \(requestID ?? "none"))")
        }
        return line(item, action: "invited", message: "")
    }

    private static func line(_ item: Entry, action: String, message: String) -> ReportLine {
        ReportLine(line: item.source.line, key: item.item.row.key, action: action, ok: true, errorMessage: message)
    }

    private static func line(_ item: Entry, failedWith code: String, _ message: String, action: String = "failed") -> ReportLine {
        ReportLine(line: item.source.line, key: item.item.row.key, action: action, ok: false, errorCode: code, errorMessage: message)
    }
}
