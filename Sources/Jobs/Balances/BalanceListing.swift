import BatchKit
import Foundation
import LeatAPI
import Synchronization

/// The account's contacts with their balances, listed before the first row when that costs
/// fewer requests than finding each member (as the contacts import's `--changed-only`): a member
/// whose balance already matches then costs no request, and one to credit costs one. A contact
/// created or updated since the listing began is left out: its row asks Leat itself.
struct BalanceListing {
    let client: LeatClient
    let runner: RequestRunner
    let control: RunControl
    let concurrency: Int

    struct Decision {
        var members: [String: ListedMember]?
        /// Contacts created or updated while the listing went on: not in `members`, but in Leat.
        var fresh: Set<String> = []
        var note: String
        var requests: Int
    }

    /// Throws ``PageFailure`` when a page fails for good.
    func decide(_ mode: ChangedOnly, estimatedRows: Int?, startedAt: Date = Date(), pages: (Int, Int?) -> Void) async throws -> Decision {
        let requests = Atomic(0)
        let fields: Set<String> = ["credit_balance", "created_at", "updated_at"]
        let fetch = OrderedPages.fetcher(
            runner: runner, control: control, interrupted: "the import was stopped while listing contacts",
            sent: { requests.add($0, ordering: .relaxed) }
        ) { page in
            { () async throws(LeatError) in try await client.contacts(page: page, only: fields) }
        }
        let first = try await fetch(1)
        let total = first.total ?? first.items.count
        let cost = max(1, (total + LeatClient.pageLimit - 1) / LeatClient.pageLimit)
        let costs =
            "listing \(total) contacts costs \(cost) request\(cost == 1 ? "" : "s"); member by member, 2 a row"
            + (estimatedRows.map { " ≈ \($0 * 2) for the file's ≈\($0) rows" } ?? "")
        if mode == .auto, (estimatedRows ?? 0) * 2 <= cost {
            return Decision(members: nil, note: "went member by member: \(costs)", requests: requests.load(ordering: .relaxed))
        }
        var members: [String: ListedMember] = [:]
        var fresh: Set<String> = []
        members.reserveCapacity(total)
        let since = Date(timeIntervalSince1970: startedAt.timeIntervalSince1970.rounded(.down) - 1)
        var indexed = 0
        func add(_ page: LeatPage, _ lastPage: Int?) throws {
            indexed += 1
            pages(indexed, lastPage)
            for item in page.items {
                guard let email = item["email"], let uuid = item["uuid"], let balance = item["credit_balance"].flatMap({ Int($0) }) else {
                    continue
                }
                let changed = [item["updated_at"], item["created_at"]].compactMap { $0.flatMap { try? Date($0, strategy: .iso8601) } }
                if changed.contains(where: { $0 >= since }) {
                    fresh.insert(email.lowercased())
                    continue
                }
                members[email.lowercased()] = ListedMember(uuid: uuid, balance: balance)
            }
        }
        try add(first, first.lastPage)
        try await OrderedPages.fetchRest(after: first, concurrency: concurrency, fetch: fetch, write: add)
        return Decision(
            members: members, fresh: fresh, note: "listed the account's contacts and balances first: \(costs); \(members.count) listed",
            requests: requests.load(ordering: .relaxed))
    }
}
