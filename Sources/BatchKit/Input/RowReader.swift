/// A streaming reader of input rows: CSV (``CSVReader``), NDJSON (``NDJSONReader``) or an Excel
/// sheet (``ExcelReader``).
///
/// Rows come one at a time from ``next()``; memory stays flat whatever the file's size.
public protocol RowReader: AnyObject {
    /// Column names: the CSV header, or the NDJSON keys seen so far (the list grows as rows add keys).
    var columns: [String] { get }
    /// How many columns there are: `columns.count`, without copying the list (read once a row).
    var columnCount: Int { get }
    /// Bytes read from the file so far, for progress.
    var bytesRead: Int { get }
    /// The file's size when known (not for standard input).
    var totalBytes: Int? { get }
    /// Things the user should know that did not stop reading (e.g. an encoding fallback), in order.
    var warnings: [String] { get }
    /// Blank lines (and rows with only empty cells) passed over so far.
    var blankLinesSkipped: Int { get }
    /// Whether the columns are all known before the first row (a CSV header, a sheet's first
    /// row), unlike NDJSON's, which rows add to.
    var columnsKnownUpFront: Bool { get }
    /// How many data rows the file holds, when it says (a sheet's dimension); nil otherwise.
    var estimatedRows: Int? { get }
    /// The next data row, or nil at the end of the file.
    func next() throws(InputError) -> SourceRow?
    /// The next rows, as many as were read in one go, in order; empty at the end of the file.
    /// `columns` are then as after the last of them: a row that adds columns ends its batch. An
    /// error comes after the rows before it: from the call after the one that returned them.
    func nextRows() throws(InputError) -> [SourceRow]
}

extension RowReader {
    public var columnsKnownUpFront: Bool { true }
    public var estimatedRows: Int? { nil }
}

/// The input formats, chosen by `--format` or by the file's extension.
public enum InputFormat: String, Sendable, CaseIterable {
    case csv
    case ndjson
    case xlsx

    /// `.ndjson` and `.jsonl` files are NDJSON, `.xlsx` and `.xlsm` Excel workbooks; everything else is CSV.
    public static func guess(path: String) -> InputFormat {
        let lower = path.lowercased()
        if lower.hasSuffix(".xlsx") || lower.hasSuffix(".xlsm") { return .xlsx }
        return lower.hasSuffix(".ndjson") || lower.hasSuffix(".jsonl") ? .ndjson : .csv
    }
}

/// How to read an input file.
public struct ReadOptions: Sendable {
    /// CSV or NDJSON; nil guesses from the file name.
    public var format: InputFormat?
    /// CSV delimiter byte; nil sniffs it from the first lines.
    public var delimiter: UInt8?
    /// How bytes become text (CSV; NDJSON is always UTF-8).
    public var encoding: TextEncodingChoice = .auto
    /// A larger field (CSV) or line (NDJSON) fails its row; a larger cell or shared string of a
    /// workbook stops the reading (Excel itself holds at most 32,767 characters in a cell).
    public var maxFieldBytes: Int = 1 << 20
    /// A workbook whose shared strings (held in memory while its sheet is read) are larger than
    /// this, in bytes of text, is not read.
    public var maxSharedStringBytes: Int = 256 << 20
    /// A part of a workbook (its sheet's XML, its shared strings) that inflates to more bytes than
    /// this stops the reading: a small file that inflates without end is a decompression bomb.
    public var maxInflatedBytes: Int = 2 << 30
    /// Bytes per `read(2)`; tests vary it to prove records do not depend on it.
    public var chunkSize: Int = 1 << 16
    /// The sheet of a workbook to read, by name or number from 1; nil: the first visible one.
    public var sheet: String?
    /// Rows a run reads as given here instead of as the file has them, by line: the fixes made
    /// in the desk's page (the upload itself is never changed). Cells in the file's column order.
    public var fixedRows: [Int: [String]] = [:]

    public init() {}
}

/// Opens the right reader for `path` (`-` is standard input).
public func openRowReader(path: String, options: ReadOptions) throws(InputError) -> any RowReader {
    switch options.format ?? InputFormat.guess(path: path) {
    case .csv: try CSVReader(path: path, options: options)
    case .ndjson: try NDJSONReader(path: path, options: options)
    case .xlsx: try ExcelReader(path: path, options: options)
    }
}
