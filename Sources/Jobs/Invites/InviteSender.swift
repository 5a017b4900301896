import BatchKit
import CapillaryAPI
import Synchronization
import TextFormats

/// The work on one batch: the Capillary calls ``InviteSending`` asks for (exactly once per
/// invite), their retries, and a report line per invite.
package final class InviteSender: BulkSender {
    let client: CapillaryClient
    let runner: RequestRunner
    let dryRun: Bool
    /// HTTP requests sent (invites and look-ups), and retries, over all batches.
    private let sent = Atomic(0)
    private let retried = Atomic(0)
    package var requests: Int { sent.load(ordering: .relaxed) }
    var retries: Int { retried.load(ordering: .relaxed) }

    init(client: CapillaryClient, runner: RequestRunner, dryRun: Bool) {
        self.client = client
        self.runner = runner
        self.dryRun = dryRun
    }

    /// One line per item, in order; nil where the run stopped before the invite's outcome was
    /// certain (`--resume` settles it).
    package func perform(_ batch: WorkBatch<PreparedInvites.Item>) async -> [RowOutcome?] {
        let start = ContinuousClock.now
        var attempts = Attempts()
        let rows = batch.entries.map(\.item.row)
        var lines = dryRun ? await preview(rows, &attempts) : await send(rows, unsure: batch.entries.map(\.item.unsure), &attempts)
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

    /// Performs what ``InviteSending`` asks, telling it what came of it, until it records.
    private func send(_ rows: [InviteRow], unsure: [Bool], _ attempts: inout Attempts) async -> [RowOutcome?] {
        var sending = InviteSending(rows: rows, unsure: unsure)
        var event = InviteSending.Event.start
        while true {
            switch sending.next(event) {
            case .lookUp(let key):
                do throws(RequestStop<CapillaryError>) {
                    event = .lookedUp(try await runner.send(&attempts) { () async throws(CapillaryError) in try await self.lookUp(key) })
                } catch {
                    event = if case .failed(let failure) = error { .lookUpFailed(failure) } else { .stopped }
                }
            case .send(let groups, let attempt):
                do throws(RequestStop<CapillaryError>) {
                    let result = try await runner.attempt(&attempts, number: attempt) { () async throws(CapillaryError) in
                        let answer = try await client.invite(groups)
                        return (answer, answer.rateLimit, answer.rateLimitRemaining)
                    }
                    event =
                        switch result {
                        case .done(let answer): .answered(answer.value, requestID: answer.requestID)
                        case .retry(let delay, let failure): .retry(after: delay, failure)
                        }
                } catch {
                    event = if case .failed(let failure) = error { .failed(failure) } else { .stopped }
                }
            case .wait(let delay):
                event = await runner.wait(delay) ? .waited : .stopped
            case .record(let lines):
                return lines
            }
        }
    }

    /// `--dry-run`: only the GET of each referrer's invitees. An unknown referrer would fail with
    /// 1012, an invite already among the invitees would be sent again, the rest would go out.
    private func preview(_ rows: [InviteRow], _ attempts: inout Attempts) async -> [RowOutcome?] {
        var lines = [RowOutcome?](repeating: nil, count: rows.count)
        var invitees: [InviteRow.GroupKey: [Invitee]?] = [:]
        for (index, row) in rows.enumerated() {
            let key = InviteSending.lookUpKey(row)
            let known: [Invitee]?
            if let fetched = invitees[key] {
                known = fetched
            } else {
                do throws(RequestStop<CapillaryError>) {
                    known = try await runner.send(&attempts) { () async throws(CapillaryError) in
                        try await self.lookUp(key)
                    }
                } catch {
                    guard case .failed(let failure) = error else { return lines }
                    lines[index] = InviteSending.line(row, failedWith: failure.reportCode, failure.description, action: .wouldFail)
                    continue
                }
                invitees[key] = known
            }
            guard let known else {
                lines[index] = InviteSending.line(
                    row, failedWith: "1012", "Cannot find a customer for the referrer \(row.group.referrer)", action: .wouldFail)
                continue
            }
            let already = known.contains { InviteSending.same($0, row) }
            lines[index] = RowOutcome(
                line: row.line, key: row.key, action: .wouldInvite,
                note: already ? "already among the referrer's invitees: it would be sent again" : "",
                notePhrasing: already ? .note(.alreadyInvited) : nil)
        }
        return lines
    }

    private func lookUp(_ key: InviteRow.GroupKey) async throws(CapillaryError) -> (value: [Invitee]?, limit: Int?, remaining: Int?) {
        let answer = try await client.invitees(of: key.referrer, campaignToken: key.campaignToken)
        return (answer.value, answer.rateLimit, answer.rateLimitRemaining)
    }
}
