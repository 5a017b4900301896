import BatchKit

/// Writes exported items as CSV (header first; Excel-safe unless turned off) or NDJSON (one object
/// per line, keys in column order), all values as text. Without chosen columns, NDJSON also keeps
/// keys an item has beyond the columns.
final class ExportWriter {
    private let sink: FileSink
    private let columns: [String]
    private let csv: CSVWriter?
    private let extraKeys: Bool
    private let columnSet: Set<String>

    init(sink: FileSink, format: ExportFormat, csvFormat: CSVFormat, columns: [String], extraKeys: Bool) throws(OutputError) {
        self.sink = sink
        self.columns = columns
        self.extraKeys = extraKeys
        columnSet = Set(columns)
        csv = format == .csv ? try CSVWriter(sink: sink, format: csvFormat) : nil
        if let csv {
            // The header is ours, never a formula: written as it is.
            for column in columns { csv.append(column) }
            try csv.endRecord()
        }
    }

    func write(_ item: [String: String]) throws(OutputError) {
        if let csv {
            for column in columns { csv.append(item[column] ?? "") }
            try csv.endRecord()
            return
        }
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

    func flush() throws(OutputError) { try sink.flush() }
}
