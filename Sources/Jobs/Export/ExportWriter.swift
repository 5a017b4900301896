import BatchKit
import Foundation
import TextFormats

/// Writes exported items as CSV (header first; Excel-safe unless turned off), NDJSON (one object
/// per line, keys in column order), all values as text, or an Excel workbook (``ExcelWriter``:
/// numbers where the API gave numbers, ISO dates and times as Excel dates, the rest as text).
/// Without chosen columns, NDJSON also keeps keys an item has beyond the columns.
final class ExportWriter {
    private enum Output {
        case csv(CSVWriter)
        case ndjson
        case workbook(ExcelWriter)
    }

    private let sink: FileSink
    private let columns: [String]
    private let output: Output
    private let extraKeys: Bool
    private let columnSet: Set<String>

    /// `workbookPath`: where an `.xlsx` goes (the atomic file's temporary path).
    init(
        sink: FileSink, format: ExportFormat, csvFormat: CSVFormat, columns: [String], extraKeys: Bool,
        workbookPath: String? = nil, sheet: String = "Export"
    ) throws(OutputError) {
        self.sink = sink
        self.columns = columns
        self.extraKeys = extraKeys
        columnSet = Set(columns)
        switch format {
        case .csv:
            let csv = try CSVWriter(sink: sink, format: csvFormat)
            // The header is ours, never a formula: written as it is.
            for column in columns { csv.append(column) }
            try csv.endRecord()
            output = .csv(csv)
        case .ndjson:
            output = .ndjson
        case .xlsx:
            output = .workbook(try ExcelWriter(path: workbookPath ?? sink.path, sheet: sheet, columns: columns))
        }
    }

    /// Writes `item`; `numbers` are its keys the API gave as numbers.
    func write(_ item: [String: String], numbers: Set<String> = []) throws(OutputError) {
        switch output {
        case .csv(let csv):
            for column in columns { csv.append(item[column] ?? "") }
            try csv.endRecord()
        case .workbook(let workbook):
            try workbook.write(columns.map { Self.cell(item[$0] ?? "", isNumber: numbers.contains($0)) })
        case .ndjson:
            var keys = columns
            if extraKeys { keys += item.keys.filter { !columnSet.contains($0) }.sorted() }
            var line = "{"
            for (index, key) in keys.enumerated() {
                if index > 0 { line += "," }
                line += JSONText.quoted(key) + ":" + JSONText.quoted(item[key] ?? "")
            }
            line += "}\n"
            try sink.write(line.utf8)
        }
    }

    /// Adds a whole sheet after the rows to a workbook (nothing for CSV and NDJSON).
    func addSheet(_ name: String, columns: [String], rows: [[ExcelWriter.Cell]]) throws(OutputError) {
        if case .workbook(let workbook) = output { try workbook.addSheet(name, columns: columns, rows: rows) }
    }

    /// Writes what is held: for a workbook, the whole workbook.
    func finish() throws(OutputError) {
        if case .workbook(let workbook) = output { try workbook.close() } else { try sink.flush() }
    }

    /// Text cells cut to Excel's limit, for a warning.
    var cutCells: Int {
        if case .workbook(let workbook) = output { return workbook.cutCells }
        return 0
    }

    /// A value as a workbook cell: a number the API gave as one, a day (`1990-12-31`) or a moment
    /// (`2026-12-05T06:36:03+00:00`, in UTC) as an Excel date, anything else as text.
    static func cell(_ value: String, isNumber: Bool) -> ExcelWriter.Cell {
        if isNumber, let number = Double(value), number.isFinite { return .number(number) }
        // Only text shaped like `YYYY-MM-…` is worth a date parser: looked at in place, uncopied.
        var text = value
        let looksLikeADate = text.withUTF8 { bytes in
            bytes.count >= 10 && bytes[4] == UInt8(ascii: "-") && bytes[7] == UInt8(ascii: "-")
                && bytes[0..<4].allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        }
        guard looksLikeADate else { return .text(value) }
        if value.utf8.count == 10, let day = try? Date(value + "T00:00:00Z", strategy: .iso8601) {
            return .date(ExcelWriter.serial(of: day))
        }
        if let moment = try? Date(value, strategy: .iso8601) { return .dateTime(ExcelWriter.serial(of: moment)) }
        return .text(value)
    }
}
