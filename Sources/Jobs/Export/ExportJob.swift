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
    public static func run(options: ExportOptions, client: LeatClient, control: RunControl = RunControl()) async throws -> RunSummary {
        try await ExportRun(options: options, client: client, control: control).run()
    }

    /// The export itself: its requests under `limiter`, its counts to `feed`.
    static func run(
        options: ExportOptions, client: LeatClient, control: RunControl, limiter: RateLimiter, feed: ProgressFeed
    ) async throws -> RunSummary {
        let startedAt = options.now()
        let start = ContinuousClock.now
        var summary = RunSummary(command: "export", input: options.entity.rawValue)
        if options.statePath != nil && !options.entity.isWindowed {
            throw ExportUsageError(
                message:
                    "\(Setting.state.mention()) is for incremental contact and transaction exports; \(options.entity.rawValue) are exported whole"
            )
        }
        let tracker = try options.statePath.map { WatermarkTracker(state: try ExportState.load(path: $0), overlap: options.overlap) }
        let createdFrom = tracker?.start.map { $0.formatted(.iso8601) } ?? options.createdAfter
        // Transactions are counted against what Leat says the window holds: the window is closed
        // (it ends when the run began) so that what is booked meanwhile does not change the count.
        let createdBefore = options.createdBefore ?? (options.entity == .transactions ? startedAt.formatted(.iso8601) : nil)
        let filter = {
            var filter = TransactionFilter()
            (filter.from, filter.before, filter.shop, filter.contact) = (createdFrom, createdBefore, options.shop, options.contact)
            return filter
        }()
        let runner = RequestRunner(limiter: limiter, policy: options.retry, control: control)
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
        var pages = ExportPages(options: options, file: file, summary: summary, tracker: tracker)
        func write(_ page: LeatPage, lastPage: Int?) throws {
            try pages.write(page)
            let (rows, done) = (pages.summary.rows, pages.figures.pages)
            feed.update { ($0.ok, $0.read, $0.pagesDone, $0.lastPage) = (rows, rows, done, lastPage) }
        }

        do {
            let first = try await fetch(1)
            try write(first, lastPage: first.lastPage)
            try await OrderedPages.fetchRest(after: first, concurrency: options.concurrency, fetch: fetch, write: write)
            if options.entity == .transactions {
                if let total = first.total, total != pages.distinct {
                    throw Incomplete(
                        message:
                            "Leat said the window holds \(total) transactions (meta.total), and \(pages.distinct) came: the list changed while it was read, or pages were lost; run it again"
                    )
                }
                try pages.writer?.addSheet("totals", columns: TransactionTotals.columns, rows: pages.totals.sheetRows)
            }
            try pages.writer?.finish()
            if let cut = pages.writer?.cutCells, cut > 0 {
                pages.summary.warnings.append(
                    "\(cut) cell\(cut == 1 ? "" : "s") longer than Excel's 32,767 characters were cut to that length (\(Setting.format.mention("csv")) keeps them whole)"
                )
            }
            if let file {
                pages.figures.sha256 = try digest?.hex ?? WrittenDigest.hex(ofFile: file.temporaryPath)
                try file.commit()
            }
        } catch let failure as PageFailure {
            file?.discard()
            pages.summary.stopped = "page \(failure.page) failed: \(failure.message)"
        } catch let incomplete as Incomplete {
            file?.discard()
            pages.summary.stopped = incomplete.message
        } catch {
            file?.discard()
            throw error
        }
        summary = pages.summary
        summary.ok = summary.rows
        summary.seconds = (ContinuousClock.now - start).seconds
        var figures = pages.figures
        if summary.stopped == nil {
            try Self.wrapUp(
                &summary, &figures, pages: pages, writtenTo: file, options: options,
                filters: .init(
                    createdFrom: createdFrom, createdBefore: createdBefore, status: options.status,
                    referringContact: options.referringContact, type: options.transactionType, shop: options.shop,
                    contact: options.contact, columns: options.columns ?? []),
                startedAt: startedAt)
        }
        summary.export = figures
        return summary
    }

    /// After a complete export: the transactions' totals beside the output, the manifest, and
    /// the incremental export's state.
    private static func wrapUp(
        _ summary: inout RunSummary, _ figures: inout ExportFigures, pages: ExportPages, writtenTo file: AtomicFile?,
        options: ExportOptions,
        filters: ExportManifest.Filters, startedAt: Date
    ) throws {
        if options.entity == .transactions {
            figures.byType = pages.totals.byType.mapValues { ExportFigures.TypeTotal(count: $0.count, credits: $0.credits) }
            for uuid in pages.totals.unreadable {
                summary.warnings.append("transaction \(uuid) has credits that are not a whole number: counted, not summed")
            }
            if options.format != .xlsx, file?.isStream == false {
                let path = TransactionTotals.path(beside: options.output)
                try pages.totals.writeCSV(to: path, format: options.csv)
                figures.totals = path
            }
        }

        // A device or FIFO gets the stream and nothing beside it.
        if let manifestPath = options.manifestPath, let sha256 = figures.sha256, file?.isStream == false {
            let manifest = ExportManifest(
                entity: options.entity.rawValue, output: options.output, format: options.format.rawValue,
                filters: filters,
                rows: summary.rows, pages: figures.pages, duplicatesLeftOut: figures.duplicates,
                listTotal: options.entity == .transactions ? pages.distinct : nil,
                totals: options.entity == .transactions ? pages.totals.manifest : nil,
                columnsLeftOut: pages.leftOut.isEmpty ? nil : .init(columns: pages.leftOut.sorted()), sha256: sha256,
                startedAt: startedAt, finishedAt: Date(), toolVersion: options.toolVersion, warnings: summary.warnings)
            try manifest.write(to: manifestPath)
            figures.manifest = manifestPath
        }
        if let statePath = options.statePath, let tracker = pages.tracker { try tracker.state.save(path: statePath) }
    }

    /// A list that did not come whole: its count is not what Leat said it holds.
    private struct Incomplete: Error {
        var message: String
    }
}
