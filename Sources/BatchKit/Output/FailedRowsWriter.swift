import TextFormats

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The failed-rows file: every failed input row in the input's own columns, plus `error_code` and
/// `error_message` — fix it in a spreadsheet and feed it straight back as input (the mapping
/// ignores those two columns unless a `--map` names them).
///
/// CSV input gives CSV with the input's delimiter; NDJSON input gives NDJSON; a workbook gives a
/// workbook (its cells as text, so that what was read is what is written back), written whole
/// when the run ends.
package final class FailedRowsWriter {
    package enum Style: Sendable, Equatable {
        /// CSV with the input's delimiter, and a BOM when the input had one (so Excel reads it as UTF-8).
        case csv(delimiter: UInt8, byteOrderMark: Bool)
        case ndjson
        case workbook
    }

    package static let extraColumns = ["error_code", "error_message"]

    package let path: String
    private let style: Style
    private let sink: FileSink
    private let csv: CSVWriter?
    private let workbook: ExcelWriter?
    /// Rows written so far.
    package private(set) var count = 0

    /// Creates (truncates) the file at `path`, owner-only; a CSV gets its header from `columns`.
    /// `excelSafe`: a CSV's text cells that a spreadsheet would run as formulas (`=…`, `+1+1`)
    /// get a leading `'`, as the report's do; reading the file back as input takes it off.
    package init(path: String, columns: [String], style: Style, excelSafe: Bool = true) throws(OutputError) {
        self.path = path
        self.style = style
        // Owner-only from the start; a workbook's writer fills this same file when it closes.
        sink = try FileSink(path: path)
        switch style {
        case .csv(let delimiter, let byteOrderMark):
            let writer = try CSVWriter(
                sink: sink, format: CSVFormat(delimiter: delimiter, byteOrderMark: byteOrderMark, excelSafe: excelSafe))
            try writer.write(columns + Self.extraColumns)
            (csv, workbook) = (writer, nil)
        case .ndjson:
            (csv, workbook) = (nil, nil)
        case .workbook:
            (csv, workbook) = (nil, try ExcelWriter(path: path, sheet: "Rows to fix", columns: columns + Self.extraColumns))
        }
    }

    /// The default path beside the input: `<input>.failed.csv`, `.failed.ndjson` or `.failed.xlsx`.
    package static func defaultPath(for input: String, style: Style) -> String {
        OutputPaths.beside(input, style == .ndjson ? ".failed.ndjson" : style == .workbook ? ".failed.xlsx" : ".failed.csv")
    }

    /// Writes `row` (whose cells follow `columns`) with its error.
    package func write(_ row: SourceRow, columns: [String], problem: RowProblem) throws(OutputError) {
        count += 1
        if let workbook {
            try workbook.write((0..<columns.count).map { .text(String(row.cell($0))) } + [.text(problem.code), .text(problem.message)])
            return
        }
        if let csv {
            for index in 0..<row.count { csv.append(String(row.cell(index))) }
            csv.append(problem.code)
            csv.append(problem.message)
            try csv.endRecord()
            return
        }
        var text = "{"
        row.forEachColumn(below: columns.count) { index in
            let cell = row.cell(index)
            if !cell.isEmpty { text += JSONText.quoted(columns[index]) + ":" + JSONText.quoted(String(cell)) + "," }
        }
        text += "\"error_code\":" + JSONText.quoted(problem.code) + ",\"error_message\":" + JSONText.quoted(problem.message) + "}\n"
        try sink.write(text.utf8)
    }

    package func flush() throws(OutputError) { try sink.flush() }

    /// Flushes (a workbook: writes it), and removes the file when no row failed (so no stale file
    /// suggests failures).
    package func close() throws(OutputError) {
        try sink.flush()
        if count > 0 { try workbook?.close() }
        if count == 0 && sink.isRegularFile { unlink(path) }
    }
}

extension FailedRowsWriter.Style {
    /// The input's own format: CSV with its delimiter and BOM, NDJSON, or a workbook (unless
    /// `path` names another kind of file: then CSV with a BOM, which Excel opens as UTF-8).
    package static func matching(_ reader: any RowReader, path: String?) -> Self {
        switch reader {
        case let csv as CSVReader: .csv(delimiter: csv.delimiter, byteOrderMark: csv.hadByteOrderMark)
        case is ExcelReader:
            path.map { !$0.lowercased().hasSuffix(".xlsx") } == true ? .csv(delimiter: UInt8(ascii: ","), byteOrderMark: true) : .workbook
        default: .ndjson
        }
    }
}
