import BatchKit
import Foundation
import LeatAPI

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
    func decide(_ mode: ChangedOnly, estimatedRows: Int?, startedAt: Date, pages: (Int, Int?) -> Void) async throws -> Decision {
        let start = try await ListingStart(
            client: client, runner: runner, control: control, fields: ["credit_balance", "created_at", "updated_at"], startedAt: startedAt)
        let costs = start.costs(perRow: 2, each: "member by member", estimatedRows: estimatedRows)
        if mode == .auto, !start.pays(perRow: 2, estimatedRows: estimatedRows) {
            return Decision(members: nil, note: "went member by member: \(costs)", requests: start.requests)
        }
        var members: [String: ListedMember] = [:]
        var fresh: Set<String> = []
        members.reserveCapacity(start.total)
        var indexed = 0
        try await start.listAll(concurrency: concurrency) { page, lastPage in
            indexed += 1
            pages(indexed, lastPage)
            for item in page.items {
                guard let email = item["email"], let uuid = item["uuid"], let balance = item["credit_balance"].flatMap({ Int($0) }) else {
                    continue
                }
                if start.changedSince(item) {
                    fresh.insert(email.lowercased())
                    continue
                }
                members[email.lowercased()] = ListedMember(uuid: uuid, balance: balance)
            }
        }
        return Decision(
            members: members, fresh: fresh, note: "listed the account's contacts and balances first: \(costs); \(members.count) listed",
            requests: start.requests)
    }
}
