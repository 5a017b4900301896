import BatchKit
import Foundation
import Jobs
import NIOPosix

/// Pieces several desk pages show the same way.
enum PageParts {
    /// Rows of a table a page shows 50 at a time.
    static let perPage = 50

    /// Counts by code, most first, as a page's table rows: the code's words under `prefix` (or
    /// the code) and the count.
    static func counts(_ counts: [String: Int], prefix: String) -> [Count] {
        counts.sorted { $0.value > $1.value }.map { Count(name: Words.name($0.key, in: prefix), count: Words.number($0.value)) }
    }

    /// Page `number` (from 1, kept within the pages) of `items`, and its links to the pages
    /// before and after it.
    static func page<Item>(_ items: [Item], number: Int) -> (items: ArraySlice<Item>, links: PageLinks) {
        (items[pageRange(count: items.count, number: number)], links(count: items.count, number: number))
    }

    /// The links of page `number` of `count` items: which page it is (when there is more than
    /// one), the page before it and the page after it.
    static func links(count: Int, number: Int) -> PageLinks {
        let (number, pages) = pageNumber(count: count, number: number)
        return PageLinks(
            pages: pages > 1 ? PageLinks.Position(page: number, pages: pages) : nil, previous: number > 1 ? number - 1 : nil,
            next: number < pages ? number + 1 : nil)
    }

    /// Page `number` kept within the pages of `count` items, and how many pages there are.
    private static func pageNumber(count: Int, number: Int) -> (number: Int, pages: Int) {
        let pages = max(1, (count + perPage - 1) / perPage)
        return (min(max(1, number), pages), pages)
    }

    private static func pageRange(count: Int, number: Int) -> Range<Int> {
        let number = pageNumber(count: count, number: number).number
        return min(count, (number - 1) * perPage)..<min(count, number * perPage)
    }

    /// The failed rows of job `job`'s report `report` in `folder` (kept in the desk's database),
    /// 50 a page, each with its cells read from `input` under its `columns`: the table of rows to
    /// fix (the `rows-to-fix` part), its page links to `pagePath`; nil when there is none. A row the
    /// page fixed shows its cells as fixed (`fixed`); a row whose code is `fixable` has each cell
    /// as a field to fix, and is a form; a row of `toSend` is said to be sent again. Read on NIO's
    /// thread pool.
    static func rowsToFix(
        _ database: JobDatabase, job: String, report: String, folder: String, input: String, columns: [String], page: Int, pagePath: String,
        fixed: [Int: [String]] = [:], fixable: (String) -> Bool = { _ in false }, toSend: Set<Int> = []
    ) async throws -> RowsToFixTable? {
        let (count, shown, cells) = try await NIOThreadPool.singleton.runIfActive {
            let (count, shown) = try database.rowsToFix(job: job, report: report, folder: folder) { pageRange(count: $0, number: page) }
            return (count, shown, try UploadPreview.cells(path: input, lines: Set(shown.map(\.line))))
        }
        guard count > 0 else { return nil }
        let rows = shown.map { row in
            let values = fixed[row.line] ?? cells[row.line] ?? []
            return RowsToFixTable.Row(
                line: row.line, cells: zip(columns, values).map { RowsToFixTable.Cell(column: $0, value: $1) }, code: row.code,
                message: row.words, fixable: fixable(row.code), toSend: toSend.contains(row.line))
        }
        return RowsToFixTable(
            links: links(count: count, number: page), columns: columns, pagePath: pagePath, fixColumn: rows.contains(where: \.fixable),
            invalidRows: rows)
    }

    /// `text` with only ASCII letters, digits, `-` and `_`: safe in a download's file name.
    static func fileNameSafe(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") })
    }
}

extension JobRecord.Kind {
    /// The words the pages use for a job of this kind (`{{words.done}}`, …), in the request's language.
    var words: [String: String] {
        Dictionary(uniqueKeysWithValues: Self.wordKeys.map { ($0, Words.say("kindWords.\(rawValue).\($0)")) })
    }

    /// The words each kind has.
    static let wordKeys = ["doing", "done", "notDone", "key", "go", "unchanged", "what"]

    /// The check page's button: what the run does to `count` rows.
    func go(_ count: Int) -> String {
        Words.say("kindWords.\(rawValue).goCount", ["count": Words.number(count)])
    }
}

extension JobProgress {
    /// The rows a page shows a run's progress out of: the estimate (or the rows read), never fewer
    /// than those done, and at least 1.
    var shownTotal: Int { max(estimatedRows ?? read, done, 1) }
}
