import BatchKit
import Foundation
import LeatAPI
import TextFormats

/// The writing side of an export, page by page in page order: the columns from page 1 (and the
/// header), the rows de-duplicated by uuid, transactions filtered and totalled, the incremental
/// export's watermark kept, and two pages in a row of rows written already taken for a server
/// looping through the same pages.
struct ExportPages {
    let options: ExportOptions
    let file: AtomicFile?
    /// The rows and warnings so far.
    var summary: RunSummary
    /// The pages and the rows left out as written already, so far.
    var figures: ExportFigures
    var writer: ExportWriter?
    /// The incremental export's state; nil for a whole one.
    var tracker: WatermarkTracker?
    /// Transactions: rows with a uuid not seen before in this run, what Leat's total counts.
    private(set) var distinct = 0
    private(set) var totals = TransactionTotals()
    /// Login keys seen and left out (contacts, unless `--columns` names them).
    private(set) var leftOut: Set<String> = []
    private var seen: RecentKeys
    /// Contacts' CSV columns come from page 1; a key that shows up later is said, not dropped silently.
    private var columnSet: Set<String>?
    /// Pages in a row whose every row was written already in this run.
    private var repeatedPages = 0
    private let chosen: Set<String>

    init(options: ExportOptions, file: AtomicFile?, summary: RunSummary, tracker: WatermarkTracker?) {
        self.options = options
        self.file = file
        self.summary = summary
        figures = ExportFigures(output: options.output)
        self.tracker = tracker
        seen = RecentKeys(capacity: LeatClient.pageLimit * max(20, 4 * options.concurrency))
        chosen = Set(options.columns ?? [])
    }

    /// Writes a page's new rows; the first page also decides the columns and writes the header.
    mutating func write(_ fetched: LeatPage) throws {
        var page = fetched
        page.items = page.items.map { withoutLoginKeys($0) }
        if writer == nil {
            let columns = try Self.columns(of: fetched, options: options)
            writer = try ExportWriter(
                sink: file?.sink ?? FileSink(path: "-"), format: options.format, csvFormat: options.csv,
                columns: columns, extraKeys: options.columns == nil,
                workbookPath: file?.temporaryPath, sheet: options.entity.rawValue)
            if options.entity == .contacts && options.columns == nil && options.format != .ndjson { columnSet = Set(columns) }
        }
        var repeats = 0
        for (index, item) in page.items.enumerated() {
            noteLateColumns(of: item)
            // Contacts and referrals always have one (LeatClient checks); tiers may not.
            let uuid = item["uuid"] ?? ""
            if !uuid.isEmpty && !seen.insert(uuid) {
                repeats += 1
                figures.duplicates += 1
                continue
            }
            distinct += 1
            // The type filter's spelling is not certain of Leat (plural or singular), and the
            // newer docs no longer list contact_uuid: each is applied here too, whatever Leat did.
            if options.entity == .transactions && !Self.passes(item, options) { continue }
            if tracker?.exportedBefore(uuid) == true {
                figures.duplicates += 1
                continue
            }
            try writer?.write(item, numbers: index < page.numbers.count ? page.numbers[index] : [])
            summary.rows += 1
            if options.entity == .transactions { totals.add(item) }
            if tracker != nil, let createdAt = item["created_at"].flatMap({ try? Date($0, strategy: .iso8601) }) {
                tracker?.record(uuid: uuid, createdAt: createdAt)
            }
        }
        figures.pages += 1
        repeatedPages = !page.items.isEmpty && repeats == page.items.count ? repeatedPages + 1 : 0
        if repeatedPages == 2 {
            throw PageFailure(
                page: figures.pages,
                message:
                    "pages \(figures.pages - 1) and \(figures.pages) hold only rows written already: the server is looping through the same pages, so the export stopped"
            )
        }
    }

    /// `item` without the login keys `--columns` does not name.
    private mutating func withoutLoginKeys(_ item: [String: String]) -> [String: String] {
        guard options.entity == .contacts, item.keys.contains(where: { ExportEntity.isLoginKey($0) && !chosen.contains($0) }) else {
            return item
        }
        return item.filter { key, _ in
            guard ExportEntity.isLoginKey(key), !chosen.contains(key) else { return true }
            leftOut.insert(key)
            return false
        }
    }

    /// Says, once, the keys of a contact that page 1 did not have: the CSV and the workbook leave them out.
    private mutating func noteLateColumns(of item: [String: String]) {
        guard let known = columnSet, item.keys.contains(where: { !known.contains($0) }) else { return }
        let late = item.keys.filter { !known.contains($0) }.sorted()
        summary.warnings.append(
            "contacts from page \(figures.pages + 1) on have \(late.map { "'\($0)'" }.joined(separator: ", ")), not in page 1: left out of the \(options.format == .xlsx ? "workbook" : "CSV") (\(Setting.format.mention("ndjson")) keeps every key)"
        )
        columnSet = known.union(late)
    }

    /// Whether a transaction passes `--type`, `--shop` and `--contact`.
    private static func passes(_ item: [String: String], _ options: ExportOptions) -> Bool {
        (options.transactionType.map { $0 == item["type"] } ?? true) && (options.shop.map { $0 == item["shop_uuid"] } ?? true)
            && (options.contact.map { $0 == item["contact_uuid"] } ?? true)
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
