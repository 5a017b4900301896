import BatchKit
import Foundation
import LeatAPI
import TextFormats

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
        attributes: [(name: String, type: String)], startedAt: Date,
        pages: (Int, Int?) -> Void = { _, _ in }
    ) async throws -> Decision {
        let start = try await ListingStart(
            client: client, runner: runner, control: control, fields: Set(attributes.map(\.name) + ["created_at", "updated_at"]),
            startedAt: startedAt)
        let costs = start.costs(perRow: requestsPerRow, each: "row by row", estimatedRows: estimatedRows)
        if mode == .auto, !start.pays(perRow: requestsPerRow, estimatedRows: estimatedRows) {
            return Decision(index: nil, note: "\(Setting.changedOnly.mention("auto")) went row by row: \(costs)", requests: start.requests)
        }
        var index: ContactIndex
        do {
            index = ContactIndex(attributes: attributes, records: try ListedRecords())
        } catch {
            throw PageFailure(page: 1, message: error.description)
        }
        index.reserve(start.total)
        var indexed = 0
        try await start.listAll(concurrency: concurrency) { page, lastPage in
            indexed += 1
            pages(indexed, lastPage)
            for item in page.items {
                guard let email = item["email"], let uuid = item["uuid"].flatMap(UUID.init(uuidString:)) else { continue }
                if start.changedSince(item) {
                    index.addFresh(email: email)
                    continue
                }
                do {
                    try index.add(email: email, uuid: uuid, values: item)
                } catch {
                    throw PageFailure(page: indexed, message: "\(error)")
                }
            }
        }
        let why =
            mode == .auto
            ? "\(Setting.changedOnly.mention("auto")) listed the account's contacts first: \(costs)"
            : "\(Setting.changedOnly.mention()) listed the account's contacts first: \(costs)"
        return Decision(index: index, note: why + "; \(index.count) in the index", requests: start.requests)
    }
}
