/// A streaming reader of input rows: CSV (``CSVReader``) or NDJSON (``NDJSONReader``).
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
    /// The next data row, or nil at the end of the file.
    func next() throws(InputError) -> SourceRow?
    /// The next rows, as many as were read in one go, in order; empty at the end of the file.
    /// `columns` are then as after the last of them: a row that adds columns ends its batch.
    func nextRows() throws(InputError) -> [SourceRow]
}

extension RowReader {
    /// Up to 256 rows from ``next()``, ending early after a row that adds columns.
    public func nextRows() throws(InputError) -> [SourceRow] {
        var rows: [SourceRow] = []
        let known = columnCount
        while rows.count < 256, let row = try next() {
            rows.append(row)
            if columnCount != known { break }
        }
        return rows
    }
}

/// The input formats, chosen by `--format` or by the file's extension.
public enum InputFormat: String, Sendable, CaseIterable {
    case csv
    case ndjson

    /// `.ndjson` and `.jsonl` files are NDJSON; everything else is CSV.
    public static func guess(path: String) -> InputFormat {
        let lower = path.lowercased()
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
    /// A larger field (CSV) or line (NDJSON) fails its row.
    public var maxFieldBytes: Int = 1 << 20
    /// Bytes per `read(2)`; tests vary it to prove records do not depend on it.
    public var chunkSize: Int = 1 << 16

    public init() {}
}

/// Opens the right reader for `path` (`-` is standard input).
public func openRowReader(path: String, options: ReadOptions) throws(InputError) -> any RowReader {
    switch options.format ?? InputFormat.guess(path: path) {
    case .csv: try CSVReader(path: path, options: options)
    case .ndjson: try NDJSONReader(path: path, options: options)
    }
}
