import BatchKit
import Foundation
import TextFormats

/// The upload with the fixes made in the page, in its own format: a CSV with its delimiter, byte
/// order mark, line ends and encoding (Windows-1252 stays so while every fixed cell fits in it;
/// else the copy is UTF-8 with a byte order mark, which Excel reads), NDJSON, a workbook as a
/// workbook (its cells as text). Every row is written, fixed or not, under the upload's columns.
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
            // Written as UTF-8 first: whether the upload is Windows-1252 is known once it is read.
            let written = path + ".utf8"
            let format = CSVFormat(delimiter: delimiter, byteOrderMark: byteOrderMark, crlf: try endsLinesWithCRLF(input))
            let csv = try CSVWriter(sink: try FileSink(path: written), format: format)
            try csv.write(columns)
            try eachRow { try csv.write($0) }
            try csv.flush()
            let windows1252 = (reader as? CSVReader)?.readAsWindows1252 == true
            let fits = fixedRows.values.allSatisfy { $0.allSatisfy(Windows1252.canEncode) }
            try copy(written, to: path, asWindows1252: windows1252 && fits, byteOrderMark: windows1252 && !fits)
            try? FileManager.default.removeItem(atPath: written)
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

    /// Whether the file's first line ends with CRLF (what Excel writes) rather than LF alone.
    private static func endsLinesWithCRLF(_ path: String) throws -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return true }
        defer { try? handle.close() }
        let head = [UInt8](try handle.read(upToCount: 1 << 16) ?? Data())
        guard let newline = head.firstIndex(of: 0x0A) else { return true }
        return newline > 0 && head[newline - 1] == 0x0D
    }

    /// Copies the UTF-8 file `source` to `path`: as Windows-1252, or with a byte order mark first.
    private static func copy(_ source: String, to path: String, asWindows1252: Bool, byteOrderMark: Bool) throws {
        guard let input = FileHandle(forReadingAtPath: source) else { throw CocoaError(.fileReadNoSuchFile) }
        defer { try? input.close() }
        let sink = try FileSink(path: path)
        if byteOrderMark { try sink.write([0xEF, 0xBB, 0xBF]) }
        var carry: [UInt8] = []
        while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
            guard asWindows1252 else {
                try sink.write(chunk)
                continue
            }
            var bytes = carry + chunk
            let complete = completeUTF8Prefix(bytes)
            carry = Array(bytes[complete...])
            bytes.removeSubrange(complete...)
            try sink.write(String(decoding: bytes, as: UTF8.self).unicodeScalars.map { Windows1252.byte(of: $0) ?? UInt8(ascii: "?") })
        }
        try sink.sync()
    }

    /// How many bytes of `bytes` end on a whole UTF-8 sequence (a chunk may cut the last one).
    private static func completeUTF8Prefix(_ bytes: [UInt8]) -> Int {
        var start = bytes.count
        while start > 0 && bytes.count - start < 4 && bytes[start - 1] & 0xC0 == 0x80 { start -= 1 }
        guard start > 0, bytes[start - 1] >= 0xC0 else { return bytes.count }
        let lead = bytes[start - 1]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        return bytes.count - (start - 1) < length ? start - 1 : bytes.count
    }
}
