import TextFormats
import ZIPFoundation

/// Streams the rows of one sheet of an `.xlsx` workbook (``ExcelSheetParser`` says how cells
/// read): the sheet is inflated and parsed on a thread of its own, a few batches ahead, so memory
/// holds the shared strings and a few hundred rows whatever the sheet's size.
///
/// `bytesRead` and `totalBytes` count the sheet's XML as inflated, for progress.
public final class ExcelReader: RowReader {
    private let ahead: ReadAheadReader
    /// The sheet read.
    public let sheet: String
    private let facts: SheetFacts

    public var columns: [String] { ahead.columns }
    public var columnCount: Int { ahead.columnCount }
    public var bytesRead: Int { ahead.bytesRead }
    public var totalBytes: Int? { ahead.totalBytes }
    public var warnings: [String] { ahead.warnings }
    public var blankLinesSkipped: Int { ahead.blankLinesSkipped }

    /// Opens the workbook at `path` and its sheet `options.sheet` (default: the first visible one),
    /// and reads up to its header row.
    public init(path: String, options: ReadOptions = ReadOptions()) throws(InputError) {
        let workbook = try ExcelWorkbook(path: path, limits: options)
        let chosen = try workbook.sheet(options.sheet)
        guard let entry = workbook.archive[chosen.path] else { throw InputError(path: path, message: "has no part \(chosen.path)") }
        sheet = chosen.name
        let others =
            workbook.sheets.count > 1
            ? [
                "the workbook has \(workbook.sheets.count) sheets: read '\(chosen.name)' (choose another with \(Setting.sheet.mention("NAME")) or \(Setting.sheet.mention("N")))"
            ]
            : []
        let parser = ExcelSheetParser(workbook: workbook)
        facts = parser.facts
        let handOver = HandOver(parser: parser, entry: entry)
        ahead = try ReadAheadReader(totalBytes: Int(entry.uncompressedSize), name: "xlsx") { queue in
            let (parser, entry) = (handOver.parser, handOver.entry)
            var bytesRead = 0
            parser.deliver = { batch in
                var batch = batch
                batch.bytesRead = bytesRead
                batch.warnings = others
                return queue.put(batch)
            }
            do throws(InputError) {
                try parser.workbook.read(entry, into: parser) { count in
                    bytesRead += count
                    if parser.stopped { throw Stopped() }
                }
            } catch {
                if !parser.stopped { parser.flush(isLast: true, error: error) }
                return
            }
            guard parser.columns != nil else {
                parser.flush(
                    isLast: true,
                    error: InputError(
                        path: path, message: "sheet '\(chosen.name)' is empty: expected a header row naming the columns",
                        phrasing: .input(.sheetEmpty, ["sheet": "\(chosen.name)"])))
                return
            }
            parser.flush(isLast: true)
        }
    }

    /// The columns in which a data cell held a number (not a date) so far, in column order: where
    /// Excel may have dropped a leading zero that the workbook no longer has.
    public var numericColumns: [String] {
        let columns = self.columns
        return facts.numericColumns.compactMap { $0 < columns.count ? columns[$0] : nil }
    }

    /// The rows below the header, as the sheet's dimension says (it may count blank rows).
    public var estimatedRows: Int? {
        facts.lastRow.map { max(0, $0 - 1) }
    }

    public func next() throws(InputError) -> SourceRow? {
        try ahead.next()
    }

    public func nextRows() throws(InputError) -> [SourceRow] {
        try ahead.nextRows()
    }

    /// The parser saw the consumer go.
    private struct Stopped: Error {}

    /// The sheet's parser (with its workbook) and entry, handed to the reading thread: from then
    /// on only that thread uses them.
    private struct HandOver: @unchecked Sendable {
        let parser: ExcelSheetParser
        let entry: Entry
    }
}
