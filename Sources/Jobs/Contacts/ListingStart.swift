import BatchKit
import Foundation
import LeatAPI
import Synchronization

/// How a listing of the account's contacts begins, for the jobs that may list them all before
/// their rows (`--changed-only`, the balances import): page 1, what listing them all costs
/// against asking row by row, and which contacts changed since it began.
struct ListingStart {
    let fetch: @Sendable (Int) async throws -> LeatPage
    let first: LeatPage
    let total: Int
    /// Requests the whole listing takes: one a page.
    let cost: Int
    /// Leat's timestamps are whole seconds: a contact changed from the second before the one the
    /// listing began in may have changed after its page was read.
    let since: Date
    private let sent: RequestCount

    /// Requests sent for the listing so far.
    var requests: Int { sent.value.load(ordering: .relaxed) }

    /// Fetches page 1 of the contacts, with `fields`, through `runner`. Throws ``PageFailure``.
    init(client: LeatClient, runner: RequestRunner, control: RunControl, fields: Set<String>, startedAt: Date) async throws {
        let sent = RequestCount()
        fetch = OrderedPages.fetcher(
            runner: runner, control: control, interrupted: "the import was stopped while listing contacts",
            sent: { sent.value.add($0, ordering: .relaxed) }
        ) { page in
            { () async throws(LeatError) in try await client.contacts(page: page, only: fields) }
        }
        self.sent = sent
        first = try await fetch(1)
        total = first.total ?? first.items.count
        cost = max(1, (total + LeatClient.pageLimit - 1) / LeatClient.pageLimit)
        since = Date(timeIntervalSince1970: startedAt.timeIntervalSince1970.rounded(.down) - 1)
    }

    /// Whether listing costs fewer requests than `perRow` a row for the file's estimated rows
    /// (never when the file's size is unknown).
    func pays(perRow: Int, estimatedRows: Int?) -> Bool {
        (estimatedRows ?? 0) * perRow > cost
    }

    /// The costs in words, for the summary: "listing 200 contacts costs 2 requests; row by row, 2 a row ≈ 14 …".
    func costs(perRow: Int, each: String, estimatedRows: Int?) -> String {
        "listing \(total) contacts costs \(cost) request\(cost == 1 ? "" : "s"); \(each), \(perRow) a row"
            + (estimatedRows.map { " ≈ \($0 * perRow) for the file's ≈\($0) rows" } ?? " (the file's size is unknown)")
    }

    /// Whether a listed contact was created or updated since the listing began.
    func changedSince(_ item: [String: String]) -> Bool {
        [item["updated_at"], item["created_at"]].contains { $0.flatMap { try? Date($0, strategy: .iso8601) }.map { $0 >= since } ?? false }
    }

    /// Page 1 and then every other page, in order, `concurrency` in flight, each to `add` with
    /// the last page when known.
    func listAll(concurrency: Int, add: (LeatPage, Int?) throws -> Void) async throws {
        try add(first, first.lastPage)
        try await OrderedPages.fetchRest(after: first, concurrency: concurrency, fetch: fetch, write: add)
    }
}

/// Requests counted from the listing's concurrent pages.
private final class RequestCount: Sendable {
    let value = Atomic(0)
}
