import BatchKit
import Foundation
import NIOPosix

/// What the desk tells of an upload before anything is mapped: its format in plain words, its
/// columns with a few values each, and its first rows. Read once, when the file is uploaded, and
/// kept beside it (``fileName``): the pages after it never read the upload again for its columns.
struct UploadPreview: Codable, Sendable {
    struct Row: Codable, Sendable {
        var line: Int
        var cells: [String]
    }

    /// What the file was read as, for the map page to say in the person's language.
    struct Format: Codable, Sendable {
        /// `csv`, `xlsx` or `ndjson`.
        var kind: String
        /// A CSV's delimiter.
        var delimiter: String?
        /// A CSV that Excel saved as "CSV UTF-8" (a byte order mark).
        var byteOrderMark = false
        /// A workbook's sheet.
        var sheet: String?
        /// A CSV that is not UTF-8, read as Windows-1252.
        var windows1252 = false
    }

    var format: Format
    var columns: [String]
    /// Up to three non-empty values a column, from the first rows.
    var samples: [[String]]
    var rows: [Row]

    /// Reads the first rows of the upload at `path`. Throws ``InputError`` for a file that cannot
    /// be read (its message says why, with the line).
    static func read(path: String, previewRows: Int = 10, sampleRows: Int = 200) throws -> UploadPreview {
        let reader = try openRowReader(path: path, options: ReadOptions())
        var rows: [Row] = []
        var samples: [[String]] = []
        var read = 0
        while read < sampleRows, let row = try reader.next() {
            read += 1
            if samples.count < reader.columnCount { samples += Array(repeating: [], count: reader.columnCount - samples.count) }
            let cells = (0..<reader.columnCount).map { String(row.cell($0)) }
            if rows.count < previewRows { rows.append(Row(line: row.line, cells: cells)) }
            for (index, cell) in cells.enumerated() where !cell.isEmpty && samples[index].count < 3 { samples[index].append(cell) }
        }
        let columns = reader.columns
        samples += Array(repeating: [], count: max(0, columns.count - samples.count))
        // NDJSON rows read before a later key came have fewer cells.
        rows = rows.map { Row(line: $0.line, cells: $0.cells + Array(repeating: "", count: columns.count - $0.cells.count)) }
        var format = format(of: reader)
        format.windows1252 = reader.warnings.contains { $0.contains("Windows-1252") }
        return UploadPreview(format: format, columns: columns, samples: samples, rows: rows)
    }

    /// The cells of the rows at `lines` (line numbers of the file, as reports give them), read
    /// from the start of the upload at `path` up to the last of them.
    static func cells(path: String, lines: Set<Int>) throws -> [Int: [String]] {
        guard let last = lines.max() else { return [:] }
        let reader = try openRowReader(path: path, options: ReadOptions())
        var found: [Int: [String]] = [:]
        while let row = try reader.next(), row.line <= last {
            if lines.contains(row.line) { found[row.line] = (0..<reader.columnCount).map { String(row.cell($0)) } }
        }
        return found.mapValues { $0 + Array(repeating: "", count: max(0, reader.columns.count - $0.count)) }
    }

    private static func format(of reader: any RowReader) -> Format {
        switch reader {
        case let csv as CSVReader:
            Format(kind: "csv", delimiter: String(Character(UnicodeScalar(csv.delimiter))), byteOrderMark: csv.hadByteOrderMark)
        case let workbook as ExcelReader: Format(kind: "xlsx", sheet: workbook.sheet)
        default: Format(kind: "ndjson")
        }
    }

    /// The preview kept in a job's folder.
    static let fileName = "upload-preview.json"

    /// Reads the upload at `path` off the server's threads (its first rows, and a workbook's
    /// shared strings, within ``ReadOptions``' limits) and keeps its preview in `folder`: nil, or
    /// why it cannot be mapped.
    static func keep(path: String, in folder: String, maxColumns: Int) async -> String? {
        do {
            return try await NIOThreadPool.singleton.runAsAsked {
                do {
                    let preview = try read(path: path)
                    guard preview.columns.count <= maxColumns else {
                        return Words.say(
                            .tooManyColumns, ["columns": Words.number(preview.columns.count), "most": Words.number(maxColumns)])
                    }
                    try JSONEncoder().encode(preview).write(to: URL(fileURLWithPath: folder + "/" + fileName))
                    return nil
                } catch let error as InputError {
                    return error.placedPhrasing.map(Words.say) ?? error.placeless
                }
            }
        } catch {
            return "\(error)"
        }
    }

    /// The preview kept in `folder` for the upload at `path`; read (off the server's threads) and
    /// kept now for a job uploaded before previews were kept.
    static func kept(in folder: String, upload path: String) async throws -> UploadPreview {
        if let data = FileManager.default.contents(atPath: folder + "/" + fileName),
            let preview = try? JSONDecoder().decode(UploadPreview.self, from: data)
        {
            return preview
        }
        return try await NIOThreadPool.singleton.runAsAsked {
            let preview = try read(path: path)
            try? JSONEncoder().encode(preview).write(to: URL(fileURLWithPath: folder + "/" + fileName))
            return preview
        }
    }

    /// Why a file is not one the desk reads, from its first bytes; nil when it may be.
    static func refusal(path: String, format: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return Words.say(.refusedUnreadable) }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 4096)) ?? Data())
        func starts(_ magic: [UInt8]) -> Bool { head.starts(with: magic) }
        if head.isEmpty { return Words.say(.refusedEmpty) }
        if starts(Array("%PDF".utf8)) { return Words.say(.refusedPDF) }
        if starts([0x89, 0x50, 0x4E, 0x47]) || starts([0xFF, 0xD8, 0xFF]) || starts(Array("GIF8".utf8)) {
            return Words.say(.refusedImage)
        }
        if starts([0xD0, 0xCF, 0x11, 0xE0]) { return Words.say(.refusedOldExcel) }
        if starts([0x50, 0x4B, 0x03, 0x04]) { return format == "xlsx" ? nil : Words.say(.refusedZip) }
        if format == "xlsx" { return Words.say(.refusedNotWorkbook) }
        let utf16 = starts([0xFF, 0xFE]) || starts([0xFE, 0xFF])
        if !utf16 && head.contains(0) { return Words.say(.refusedBinary) }
        return nil
    }
}
