import BatchKit
import Foundation
import LeatAPI
import TextFormats

/// The export cannot be done as asked: a usage error (exit 2), e.g. an unknown column.
package struct ExportUsageError: Error, Sendable, CustomStringConvertible {
    package var message: String
    package var description: String { message }
}

/// `export contacts|referrals|tiers|transactions`: fetches a Leat list page by page and writes it in page order.
///
/// Page 1 comes first; when it gives `last_page`, the other pages are fetched `concurrency` at a
/// time and written strictly in order (a reorder buffer of at most twice the concurrency); lists
/// without pagination meta are fetched until an empty page, and the first empty page ends any
/// list whatever its `last_page` said. Rows are de-duplicated by uuid (see ``RecentKeys``); two
/// pages in a row with nothing new mean the server is looping, and the export stops. A page that still fails after its retries fails the whole export: the output is written
/// to a temporary file and renamed over the target only when complete, so an export is never
/// silently incomplete.
public enum ExportJob {
    /// Runs the export. Throws ``ExportUsageError`` (or an ``InputError`` for a bad state file) before
    /// anything is written (exit 2); a page that fails is said in the summary's `stopped` (exit 3).
    public static func run(options: ExportOptions, client: LeatClient, control: RunControl = RunControl()) async throws -> ExportSummary {
        let startedAt = Date()
        let start = ContinuousClock.now
        var summary = ExportSummary(entity: options.entity, output: options.output)
        if options.statePath != nil && !options.entity.isWindowed {
            throw ExportUsageError(
                message:
                    "\(Setting.state.mention()) is for incremental contact and transaction exports; \(options.entity.rawValue) are exported whole"
            )
        }
        var tracker = try options.statePath.map { WatermarkTracker(state: try ExportState.load(path: $0), overlap: options.overlap) }
        let createdFrom = tracker?.start.map { $0.formatted(.iso8601) } ?? options.createdAfter
        // Transactions are counted against what Leat says the window holds: the window is closed
        // (it ends when the run began) so that what is booked meanwhile does not change the count.
        let createdBefore = options.createdBefore ?? (options.entity == .transactions ? startedAt.formatted(.iso8601) : nil)
        let filter = {
            var filter = TransactionFilter()
            (filter.from, filter.before, filter.shop, filter.contact) = (createdFrom, createdBefore, options.shop, options.contact)
            return filter
        }()
        let runner = RequestRunner(limiter: RateLimiter(mode: options.rate), policy: options.retry, control: control)
        let fetch = OrderedPages.fetcher(runner: runner, control: control, interrupted: "the export was interrupted") { page in
            { () async throws(LeatError) in
                switch options.entity {
                case .contacts:
                    try await client.contacts(
                        page: page, createdFrom: createdFrom, createdBefore: options.createdBefore,
                        numbers: options.format == .xlsx)
                case .referrals: try await client.referrals(page: page, status: options.status, referringContact: options.referringContact)
                case .tiers: try await client.tiers()
                case .transactions: try await client.transactions(page: page, filter: filter)
                }
            }
        }

        let progress = ProgressReporter(style: options.progress)
        var counts = JobProgress()
        let file: AtomicFile?
        do {
            file = options.output == "-" ? nil : try AtomicFile(path: options.output)
        } catch {
            // Nothing was fetched yet: an output that cannot be opened (a folder, no permission) is a usage error.
            throw ExportUsageError(message: error.description)
        }
        if options.format == .xlsx && file?.isStream != false {
            file?.discard()
            throw ExportUsageError(
                message:
                    "\(Setting.format.mention("xlsx")) writes a file: give \(Setting.output.mention("PATH.xlsx")) (a workbook cannot be streamed)"
            )
        }
        let digest = options.format == .xlsx ? nil : file.map { WrittenDigest(of: $0.sink) }
        var writer: ExportWriter?
        var seen = RecentKeys(capacity: LeatClient.pageLimit * max(20, 4 * options.concurrency))
        /// Contacts' CSV columns come from page 1; a key that shows up later is said, not dropped silently.
        var columnSet: Set<String>?
        /// Pages in a row whose every row was written already in this run.
        var repeatedPages = 0
        /// Transactions: rows with a uuid not seen before in this run, what Leat's total counts.
        var distinct = 0
        var totals = TransactionTotals()
        /// Login keys seen and left out (contacts, unless `--columns` names them).
        var leftOut: Set<String> = []
        let chosen = Set(options.columns ?? [])
        /// `item` without the login keys `--columns` does not name.
        func withoutLoginKeys(_ item: [String: String]) -> [String: String] {
            guard options.entity == .contacts, item.keys.contains(where: { ExportEntity.isLoginKey($0) && !chosen.contains($0) }) else {
                return item
            }
            return item.filter { key, _ in
                guard ExportEntity.isLoginKey(key), !chosen.contains(key) else { return true }
                leftOut.insert(key)
                return false
            }
        }

        /// Writes a page's new rows; the first page also decides the columns and writes the header.
        func write(_ fetched: LeatPage, lastPage: Int?) throws {
            var page = fetched
            page.items = page.items.map(withoutLoginKeys)
            if writer == nil {
                let columns = try columns(of: fetched, options: options)
                writer = try ExportWriter(
                    sink: file?.sink ?? FileSink(path: "-"), format: options.format, csvFormat: options.csv,
                    columns: columns, extraKeys: options.columns == nil,
                    workbookPath: file?.temporaryPath, sheet: options.entity.rawValue)
                if options.entity == .contacts && options.columns == nil && options.format != .ndjson { columnSet = Set(columns) }
            }
            var repeats = 0
            for (index, item) in page.items.enumerated() {
                if let known = columnSet, item.keys.contains(where: { !known.contains($0) }) {
                    let late = item.keys.filter { !known.contains($0) }.sorted()
                    summary.warnings.append(
                        "contacts from page \(summary.pages + 1) on have \(late.map { "'\($0)'" }.joined(separator: ", ")), not in page 1: left out of the \(options.format == .xlsx ? "workbook" : "CSV") (\(Setting.format.mention("ndjson")) keeps every key)"
                    )
                    columnSet = known.union(late)
                }
                // Contacts and referrals always have one (LeatClient checks); tiers may not.
                let uuid = item["uuid"] ?? ""
                if !uuid.isEmpty && !seen.insert(uuid) {
                    repeats += 1
                    summary.duplicates += 1
                    continue
                }
                distinct += 1
                // The type filter's spelling is not certain of Leat (plural or singular), and the
                // newer docs no longer list contact_uuid: each is applied here too, whatever Leat did.
                if options.entity == .transactions && !Self.passes(item, options) { continue }
                if tracker?.exportedBefore(uuid) == true {
                    summary.duplicates += 1
                    continue
                }
                try writer!.write(item, numbers: index < page.numbers.count ? page.numbers[index] : [])
                summary.rows += 1
                if options.entity == .transactions { totals.add(item) }
                if tracker != nil, let createdAt = item["created_at"].flatMap({ try? Date($0, strategy: .iso8601) }) {
                    tracker?.record(uuid: uuid, createdAt: createdAt)
                }
            }
            summary.pages += 1
            repeatedPages = !page.items.isEmpty && repeats == page.items.count ? repeatedPages + 1 : 0
            if repeatedPages == 2 {
                throw PageFailure(
                    page: summary.pages,
                    message:
                        "pages \(summary.pages - 1) and \(summary.pages) hold only rows written already: the server is looping through the same pages, so the export stopped"
                )
            }
            counts.ok = summary.rows
            counts.read = summary.rows
            counts.pagesDone = summary.pages
            counts.lastPage = lastPage
            counts.elapsed = .now - start
            progress.update(counts)
        }

        do {
            let first = try await fetch(1)
            try write(first, lastPage: first.lastPage)
            try await OrderedPages.fetchRest(after: first, concurrency: options.concurrency, fetch: fetch, write: write)
            if options.entity == .transactions {
                if let total = first.total, total != distinct {
                    throw Incomplete(
                        message:
                            "Leat said the window holds \(total) transactions (meta.total), and \(distinct) came: the list changed while it was read, or pages were lost; run it again"
                    )
                }
                try writer?.addSheet("totals", columns: TransactionTotals.columns, rows: totals.sheetRows)
            }
            try writer?.finish()
            progress.finish()
            if let cut = writer?.cutCells, cut > 0 {
                summary.warnings.append(
                    "\(cut) cell\(cut == 1 ? "" : "s") longer than Excel's 32,767 characters were cut to that length (\(Setting.format.mention("csv")) keeps them whole)"
                )
            }
            if let file {
                summary.sha256 = try digest?.hex ?? WrittenDigest.hex(ofFile: file.temporaryPath)
                try file.commit()
            }
        } catch let failure as PageFailure {
            progress.finish()
            file?.discard()
            summary.stopped = "page \(failure.page) failed: \(failure.message)"
        } catch let incomplete as Incomplete {
            progress.finish()
            file?.discard()
            summary.stopped = incomplete.message
        } catch {
            progress.finish()
            file?.discard()
            throw error
        }
        summary.seconds = (ContinuousClock.now - start).seconds
        guard summary.stopped == nil else { return summary }
        if options.entity == .transactions {
            summary.byType = totals.byType.mapValues { ($0.count, $0.credits) }
            for uuid in totals.unreadable {
                summary.warnings.append("transaction \(uuid) has credits that are not a whole number: counted, not summed")
            }
            if options.format != .xlsx, file?.isStream == false {
                let path = TransactionTotals.path(beside: options.output)
                try totals.writeCSV(to: path, format: options.csv)
                summary.totals = path
            }
        }

        // A device or FIFO gets the stream and nothing beside it.
        if let manifestPath = options.manifestPath, let sha256 = summary.sha256, file?.isStream == false {
            let manifest = ExportManifest(
                entity: options.entity.rawValue, output: options.output, format: options.format.rawValue,
                filters: .init(
                    createdFrom: createdFrom, createdBefore: createdBefore, status: options.status,
                    referringContact: options.referringContact, type: options.transactionType, shop: options.shop,
                    contact: options.contact, columns: options.columns ?? []),
                rows: summary.rows, pages: summary.pages, duplicatesLeftOut: summary.duplicates,
                listTotal: options.entity == .transactions ? distinct : nil,
                totals: options.entity == .transactions ? totals.manifest : nil,
                columnsLeftOut: leftOut.isEmpty ? nil : .init(columns: leftOut.sorted()), sha256: sha256,
                startedAt: startedAt, finishedAt: Date(), toolVersion: options.toolVersion, warnings: summary.warnings)
            try manifest.write(to: manifestPath)
            summary.manifest = manifestPath
        }
        if let statePath = options.statePath, let tracker { try tracker.state.save(path: statePath) }
        return summary
    }

    /// Whether a transaction passes `--type`, `--shop` and `--contact`.
    private static func passes(_ item: [String: String], _ options: ExportOptions) -> Bool {
        (options.transactionType.map { $0 == item["type"] } ?? true) && (options.shop.map { $0 == item["shop_uuid"] } ?? true)
            && (options.contact.map { $0 == item["contact_uuid"] } ?? true)
    }

    /// A list that did not come whole: its count is not what Leat said it holds.
    private struct Incomplete: Error {
        var message: String
    }

    /// The columns to write: all of the entity's (contacts: `uuid`, `email`, then the first page's
    /// `current_values` keys, sorted, but the login keys), or `--columns`, checked against them
    /// (login keys included).
    private static func columns(of page: LeatPage, options: ExportOptions) throws -> [String] {
        var available = options.entity.fixedColumns
        if options.entity.hasOpenColumns {
            let keys = Set(page.items.flatMap(\.keys)).subtracting(available)
            available += keys.sorted()
        }
        guard let chosen = options.columns else { return available.filter { !ExportEntity.isLoginKey($0) } }
        let unknown = chosen.filter { !available.contains($0) }
        guard unknown.isEmpty else {
            throw ExportUsageError(
                message:
                    "\(Setting.columns.mention()): no column \(unknown.map { "'\($0)'" }.joined(separator: ", ")) in \(options.entity.rawValue); the columns are: \(available.joined(separator: ","))"
            )
        }
        return chosen
    }
}
