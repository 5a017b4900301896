import BatchKit
import Foundation
import LeatAPI
import Synchronization

/// Whether an import lists the account's contacts first, to spend requests only on rows that
/// change something (`--changed-only`).
public enum ChangedOnly: String, Sendable, CaseIterable {
    /// Row by row, 2 requests a row.
    case off
    /// List first.
    case on
    /// List first when that costs fewer requests than going row by row (the default).
    case auto
}

/// `--changed-only`: the account's contacts, listed before the first row into a ``ContactIndex``
/// (the export's concurrent, ordered `GET contacts` pages, 100 a request, under the run's rate
/// limit). A contact created or updated since the listing began is left out of it: its row goes
/// the full way, so the index never makes a row `unchanged` wrongly.
struct ContactListing {
    let client: LeatClient
    let runner: RequestRunner
    let control: RunControl
    let concurrency: Int

    /// What was decided, and why, for the summary.
    struct Decision {
        var index: ContactIndex?
        var note: String
        var requests: Int
    }

    /// Decides (for `auto`, from page 1's `meta.total` and the file's estimated rows) and lists.
    /// Throws ``PageFailure`` when a page fails for good. `startedAt`: when the listing began;
    /// `pages` hears each page indexed, with the last page when known.
    func decide(
        _ mode: ChangedOnly, estimatedRows: Int?, requestsPerRow: Int,
        attributes: [(name: String, type: String)], startedAt: Date = Date(),
        pages: (Int, Int?) -> Void = { _, _ in }
    ) async throws -> Decision {
        let requests = Atomic(0)
        let fields = Set(attributes.map(\.name) + ["created_at", "updated_at"])
        let fetch = OrderedPages.fetcher(
            runner: runner, control: control, interrupted: "the import was stopped while listing contacts",
            sent: { requests.add($0, ordering: .relaxed) }
        ) { page in
            { () async throws(LeatError) in try await client.contacts(page: page, only: fields) }
        }
        let first = try await fetch(1)
        let total = first.total ?? first.items.count
        let listingCost = max(1, (total + LeatClient.pageLimit - 1) / LeatClient.pageLimit)
        let costs =
            "listing \(total) contacts costs \(listingCost) request\(listingCost == 1 ? "" : "s"); row by row, \(requestsPerRow) a row"
            + (estimatedRows.map { " ≈ \($0 * requestsPerRow) for the file's ≈\($0) rows" } ?? " (the file's size is unknown)")
        if mode == .auto {
            guard let estimatedRows, estimatedRows * requestsPerRow > listingCost else {
                return Decision(
                    index: nil, note: "--changed-only auto went row by row: \(costs)", requests: requests.load(ordering: .relaxed))
            }
        }
        var index: ContactIndex
        do {
            index = ContactIndex(attributes: attributes, records: try ListedRecords())
        } catch {
            throw PageFailure(page: 1, message: error.description)
        }
        index.reserve(total)
        // Leat's timestamps are whole seconds: from the second before the one the listing began in.
        let since = Date(timeIntervalSince1970: startedAt.timeIntervalSince1970.rounded(.down) - 1)
        var indexed = 0
        func add(_ page: LeatPage, _ lastPage: Int?) throws {
            indexed += 1
            pages(indexed, lastPage)
            for item in page.items {
                guard let email = item["email"], let uuid = item["uuid"].flatMap(UUID.init(uuidString:)) else { continue }
                let changed = [item["updated_at"], item["created_at"]].compactMap { $0.flatMap { try? Date($0, strategy: .iso8601) } }
                if changed.contains(where: { $0 >= since }) {
                    index.addFresh(email: email)
                    continue
                }
                do {
                    try index.add(email: email, uuid: uuid, values: item)
                } catch {
                    throw PageFailure(page: indexed, message: error.description)
                }
            }
        }
        try add(first, first.lastPage)
        try await OrderedPages.fetchRest(after: first, concurrency: concurrency, fetch: fetch, write: add)
        let why =
            mode == .auto
            ? "--changed-only auto listed the account's contacts first: \(costs)"
            : "--changed-only listed the account's contacts first: \(costs)"
        return Decision(index: index, note: why + "; \(index.count) in the index", requests: requests.load(ordering: .relaxed))
    }
}
