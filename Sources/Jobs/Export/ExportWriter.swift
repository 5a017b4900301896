import BatchKit

/// Writes exported items as CSV (header first; Excel-safe unless turned off) or NDJSON (one object
/// per line, keys in column order), all values as text.
final class ExportWriter {
    private let sink: FileSink
    private let columns: [String]
    private let csv: CSVWriter?

    init(sink: FileSink, format: ExportFormat, csvFormat: CSVFormat, columns: [String]) throws(OutputError) {
        self.sink = sink
        self.columns = columns
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
        var line = "{"
        for (index, column) in columns.enumerated() {
            if index > 0 { line += "," }
            line += JSONText.quoted(column) + ":" + JSONText.quoted(item[column] ?? "")
        }
        line += "}\n"
        try sink.write(line.utf8)
    }

    func flush() throws(OutputError) { try sink.flush() }
}
