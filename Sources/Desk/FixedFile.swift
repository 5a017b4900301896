import BatchKit
import TextFormats

/// The upload with the fixes made in the page, in its own format: a CSV with its delimiter and
/// byte order mark (as UTF-8, records ending in CRLF), NDJSON, a workbook as a workbook (its
/// cells as text). Every row is written, fixed or not, under the upload's columns.
enum FixedFile {
    /// Writes `input` read through `fixedRows` to `path`. Blocking: call it on NIO's thread pool.
    static func write(input: String, fixedRows: [Int: [String]], to path: String) throws {
        let reader = try openRowReader(path: input, options: ReadOptions())
        // Rows are written as they are read: a large upload is never held whole.
        func eachRow(_ body: ([String]) throws -> Void) throws {
            while let row = try reader.next() { try body(fixedRows[row.line] ?? row.values) }
        }
        let columns = reader.columns
        switch FailedRowsWriter.Style.matching(reader, path: nil) {
        case .csv(let delimiter, let byteOrderMark):
            let csv = try CSVWriter(sink: try FileSink(path: path), format: CSVFormat(delimiter: delimiter, byteOrderMark: byteOrderMark))
            try csv.write(columns)
            try eachRow { try csv.write($0) }
            try csv.flush()
        case .ndjson:
            let sink = try FileSink(path: path)
            try eachRow { row in
                let fields = zip(columns, row).filter { !$0.1.isEmpty }.map { JSONText.quoted($0.0) + ":" + JSONText.quoted($0.1) }
                try sink.write(("{" + fields.joined(separator: ",") + "}\n").utf8)
            }
            try sink.flush()
        case .workbook:
            let workbook = try ExcelWriter(path: path, sheet: "Fixed", columns: columns)
            try eachRow { try workbook.write($0.map { .text($0) }) }
            try workbook.close()
        }
    }

    /// The fixed file's extension: the upload's.
    static func fileExtension(of input: String) -> String {
        input.split(separator: ".").last.map { String($0).lowercased() } ?? "csv"
    }
}
