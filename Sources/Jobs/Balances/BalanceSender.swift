import BatchKit
import Foundation
import LeatAPI
import Synchronization
import TextFormats

/// A member's row on its way to Leat: the row, the reference its reception carries, and whether
/// an earlier run journaled it without settling it.
package struct BalanceItem: Sendable {
    var row: BalanceRow
    var reference: String
    var unsure: Bool
}

/// A member as the listing found them: uuid and balance.
struct ListedMember: Sendable {
    var uuid: String
    var balance: Int
}

/// The listing: the members with their balances, and the emails of contacts that changed while
/// it went on (in Leat, but not listed). Any other email is not in Leat.
struct ListedMembers: Sendable {
    var members: [String: ListedMember]
    var fresh: Set<String>
}

/// Moves one member's points: finds the member (in the listing, or by email), works out the
/// credits (set: the file's balance less Leat's; add: the file's points), and has the reception
/// made exactly once (``CreditSending``), with a report line saying the balance before and after.
package final class BalanceSender: BulkSender {
    struct Settings: Sendable {
        var mode: BalanceMode
        var shop: String
        var referenceAttribute: String
        var noDebit: Bool
        var createContacts: Bool
        var dryRun: Bool
    }

    let client: LeatClient
    let runner: RequestRunner
    let settings: Settings
    let members: ListedMembers?
    private let sent = Atomic(0)
    let reconciliation = Mutex(PointsBooks())
    package var requests: Int { sent.load(ordering: .relaxed) }

    init(client: LeatClient, runner: RequestRunner, settings: Settings, members: ListedMembers?) {
        (self.client, self.runner, self.settings, self.members) = (client, runner, settings, members)
    }

    package func perform(_ batch: WorkBatch<BalanceItem>) async -> [RowOutcome?] {
        let start = ContinuousClock.now
        var attempts = Attempts()
        var line = await settle(batch.entries[0].item, &attempts)
        sent.add(attempts.requests, ordering: .relaxed)
        line?.attempts = max(1, 1 + attempts.retries)
        line?.requests = attempts.requests
        line?.durationMilliseconds = Int((ContinuousClock.now - start).seconds * 1000)
        return [line]
    }

    private func settle(_ item: BalanceItem, _ attempts: inout Attempts) async -> RowOutcome? {
        let row = item.row
        func failed(_ problem: Problem) -> RowOutcome {
            RowOutcome(line: row.line, key: row.email, action: .failed(dryRun: settings.dryRun), problem: problem)
        }
        do throws(RequestStop<LeatError>) {
            guard let member = try await member(row.email, &attempts) else {
                return failed(.memberNotFound)
            }
            var before = member.balance
            if settings.mode == .set && before == nil {
                before = try await runner.send(&attempts) { () async throws(LeatError) in
                    try await self.client.creditBalance(contact: member.uuid).parts
                }
            }
            let credits = settings.mode == .set ? row.points - before! : row.points
            let target = settings.mode == .set ? row.points : nil
            guard credits != 0 else {
                reconciliation.withLock { $0.add(row, credits: 0, after: before) }
                return RowOutcome(
                    line: row.line, key: row.email, action: .unchanged, note: "balance \(before.map(String.init) ?? "?") already",
                    notePhrasing: .note(.balanceAlready, ["balance": "\(before.map(String.init) ?? "?")"]), uuid: member.uuid)
            }
            if credits < 0 && settings.noDebit {
                return failed(.wouldDebit(points: -credits, balance: before))
            }
            let signed = "\(credits > 0 ? "+" : "")\(credits)"
            let change =
                (before.map { "balance \($0) → \($0 + credits)" } ?? "balance") + " (\(signed))"
                + (row.reference.map { "; reference \($0)" } ?? "")
            let balance =
                before.map { Phrasing.note(.balanceChange, ["before": "\($0)", "after": "\($0 + credits)", "credits": "\(signed)"]) }
                ?? .note(.balanceCredits, ["credits": "\(signed)"])
            let changePhrasing =
                row.reference.map { Phrasing.note(.withReference, ["note": .phrase(balance), "reference": "\($0)"]) } ?? balance
            if settings.dryRun {
                reconciliation.withLock { $0.add(row, credits: credits, after: nil) }
                return RowOutcome(
                    line: row.line, key: row.email, action: credits > 0 ? .wouldCredit : .wouldDebit, note: change,
                    notePhrasing: changePhrasing, uuid: member.uuid)
            }
            switch await receive(credits, member: member.uuid, item, target: target, &attempts) {
            case .received(let reception, let found):
                let after = reception.balance ?? before.map { $0 + credits }
                reconciliation.withLock { $0.add(row, credits: credits, after: after) }
                let how =
                    found ? "; found in Leat after an answer was lost (by its reference, its credits or the balance), not sent again" : ""
                return RowOutcome(
                    line: row.line, key: row.email, action: credits > 0 ? .credited : .debited, note: change + how,
                    uuid: reception.uuid.isEmpty ? member.uuid : reception.uuid)
            case .failed(let failure):
                return failed(.answered(code: Self.code(failure), message: failure.description))
            case .unsettled:
                return nil
            }
        } catch {
            guard case .failed(let failure) = error else { return nil }
            return failed(.answered(code: Self.code(failure), message: failure.description))
        }
    }

    /// The member for `email`: from the listing, found, or (``Settings/createContacts``) created
    /// with balance 0 (in a dry run, with no uuid). An email the listing does not have is not in
    /// Leat, unless its contact changed while the listing went on: no request asks.
    private func member(_ email: String, _ attempts: inout Attempts) async throws(RequestStop<LeatError>) -> (uuid: String, balance: Int?)?
    {
        if let listed = members?.members[email] { return (listed.uuid, listed.balance) }
        if members == nil || members!.fresh.contains(email) {
            let found = try await runner.send(&attempts) { () async throws(LeatError) in try await self.client.find(email: email).parts }
            if let found { return (found.uuid, nil) }
        }
        guard settings.createContacts else { return nil }
        if settings.dryRun { return ("", 0) }
        let uuid = try await runner.send(&attempts) { () async throws(LeatError) in try await self.client.findOrCreate(email: email).parts }
        return (uuid, 0)
    }

    /// Performs what ``CreditSending`` asks until it finishes.
    private func receive(_ credits: Int, member: String, _ item: BalanceItem, target: Int?, _ attempts: inout Attempts) async
        -> CreditSending.Outcome
    {
        var sending = CreditSending(unsure: item.unsure)
        var event = CreditSending.Event.start
        // Leat's clock and ours may differ: the look-up starts a few minutes before the first attempt.
        let since = Date().addingTimeInterval(-300)
        let attribute = [(name: settings.referenceAttribute, value: item.reference)]
        while true {
            switch sending.next(event) {
            case .lookUp:
                event = await lookUp(credits, member: member, reference: item.reference, target: target, since: since, &attempts)
            case .send(let number):
                do throws(RequestStop<LeatError>) {
                    let result = try await runner.attempt(&attempts, number: number) { () async throws(LeatError) in
                        try await self.client.receiveCredits(
                            contact: member, shop: self.settings.shop, credits: credits, attributes: attribute
                        ).parts
                    }
                    event =
                        switch result {
                        case .done(let reception): .answered(reception)
                        case .retry(let delay, let failure): .retry(after: delay, failure)
                        }
                } catch {
                    event =
                        switch error {
                        case .failed(let failure), .fatal(let failure): .failed(failure)
                        case .abandoned: .stopped
                        }
                }
            case .wait(let delay):
                event = await runner.wait(delay) ? .waited : .stopped
            case .finish(let outcome):
                return outcome
            }
        }
    }

    /// The member's credit receptions since `since`, newest first: the one carrying `reference`;
    /// where Leat's list shows no references at all, one of the same credits. In set mode, a
    /// balance already at `target` also says it was made. Nil when neither shows it.
    private func lookUp(_ credits: Int, member: String, reference: String, target: Int?, since: Date, _ attempts: inout Attempts) async
        -> CreditSending.Event
    {
        var filter = TransactionFilter()
        (filter.contact, filter.from, filter.newestFirst) = (member, since.formatted(.iso8601), true)
        let key = settings.referenceAttribute
        do throws(RequestStop<LeatError>) {
            var sameCredits: CreditReception?
            var referencesShown = false
            var page = 1
            while true {
                let listed = try await runner.send(&attempts) { () async throws(LeatError) in
                    try await self.client.transactions(page: page, filter: filter).parts
                }
                for item in listed.items where item["type"] == "credit_reception" && item["contact_uuid"] == member {
                    let uuid = item["uuid"] ?? ""
                    if item[key] == reference { return .lookedUp(CreditReception(uuid: uuid, credits: credits, balance: nil)) }
                    referencesShown = referencesShown || item[key] != nil
                    if sameCredits == nil && Int(item["credits"] ?? "") == credits {
                        sameCredits = CreditReception(uuid: uuid, credits: credits, balance: nil)
                    }
                }
                guard listed.items.count == LeatClient.pageLimit, page < (listed.lastPage ?? .max) else { break }
                page += 1
            }
            if !referencesShown, let sameCredits { return .lookedUp(sameCredits) }
            if let target {
                let balance = try await runner.send(&attempts) { () async throws(LeatError) in
                    try await self.client.creditBalance(contact: member).parts
                }
                if balance == target { return .lookedUp(CreditReception(uuid: "", credits: credits, balance: balance)) }
            }
            return .lookedUp(nil)
        } catch {
            return if case .failed(let failure) = error { .lookUpFailed(failure) } else { .stopped }
        }
    }

    /// The report's code for a Leat failure: the codes a balances file can meet by name, others as usual.
    static func code(_ failure: LeatError) -> String {
        switch failure.code {
        case LeatCode.contactNotFound: "contact-not-found"
        case LeatCode.shopNotFound: "shop-not-found"
        case LeatCode.creditsLimit: "credits-limit"
        case LeatCode.invalidValue: "invalid-value"
        default: failure.reportCode
        }
    }
}

/// What the run moved, to reconcile at the end: the file's points for the members settled, and
/// what Leat holds for them now (from its answers), naming members whose balance differs.
extension PointsBooks {
    mutating func add(_ row: BalanceRow, credits: Int, after: Int?) {
        members += 1
        filePoints += row.points
        if credits > 0 { credited += credits } else { debited -= credits }
        guard let after else {
            unknown += 1
            return
        }
        leatPoints += after
        if after != row.points && differing.count < 10 { differing.append(row.email) }
    }
}
