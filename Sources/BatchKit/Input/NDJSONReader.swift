import Foundation
import TextFormats

/// Streams the rows of an NDJSON file: one JSON object per line.
///
/// Blank lines are skipped; a line that is not a JSON object is a ``RowProblem`` on that line.
/// Keys become ``columns`` in the order they are first seen (a line's new keys in sorted order); a
/// row holds only its own keys' cells, so a file whose lines bring many keys reads in linear time.
/// Strings stay as they are; numbers and booleans become their JSON text; `null` becomes blank;
/// nested arrays and objects stay JSON text. A key a line lacks reads as "" but is not among the
/// row's cells: `--blank clear` clears what a line says is `null` or `""`, not what it leaves out.
package final class NDJSONReader: RowReader {
    package private(set) var columns: [String] = []
    package var columnCount: Int { columns.count }
    package let warnings: [String] = []
    package let columnsKnownUpFront = false
    package private(set) var blankLinesSkipped = 0
    package var bytesRead: Int { input.bytesRead }
    package var totalBytes: Int? { input.size }

    private let input: ByteInput
    private let options: ReadOptions
    private let chunk: UnsafeMutableRawBufferPointer
    private var chunkStart = 0
    private var chunkEnd = 0
    private var partialLine: [UInt8] = []
    private var partialLineTooLong = false
    private var line = 0
    private var columnIndex: [String: Int] = [:]
    private var atEnd = false
    /// An error met after some rows of a ``nextRows()``, thrown by the next call.
    private var deferredError: InputError?
    private let decoder = JSONDecoder()

    package init(path: String, options: ReadOptions = ReadOptions()) throws(InputError) {
        self.options = options
        input = try ByteInput(path: path)
        chunk = .allocate(byteCount: max(1, options.chunkSize), alignment: 8)
    }

    deinit { chunk.deallocate() }

    package func next() throws(InputError) -> SourceRow? {
        if let error = deferredError {
            deferredError = nil
            throw error
        }
        while let (bytes, tooLong) = try nextLine() {
            line += 1
            if tooLong {
                return SourceRow(
                    line: line, values: [],
                    problem: RowProblem(
                        code: "field-too-large",
                        message: "the line is longer than \(options.maxFieldBytes) bytes (\(Setting.maxFieldBytes.mention()))",
                        phrase: "lineTooLong", values: ["limit": "\(options.maxFieldBytes)"]))
            }
            var text = bytes
            if line == 1 && text.starts(with: [0xEF, 0xBB, 0xBF]) { text.removeFirst(3) }
            if text.last == 0x0D { text.removeLast() }
            if text.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                blankLinesSkipped += 1
                continue
            }
            return row(from: text)
        }
        return nil
    }

    /// Up to 256 rows from ``next()``, ending early after a row that adds columns. An error after
    /// some of them is thrown by the next call (its ``next()``).
    package func nextRows() throws(InputError) -> [SourceRow] {
        var rows: [SourceRow] = []
        let known = columns.count
        do {
            while rows.count < 256, let row = try next() {
                rows.append(row)
                if columns.count != known { break }
            }
        } catch {
            guard !rows.isEmpty else { throw error }
            deferredError = error
        }
        return rows
    }

    private func row(from text: [UInt8]) -> SourceRow {
        let object: [String: JSONValue]
        do {
            object = try decoder.decode([String: JSONValue].self, from: Data(text))
        } catch {
            let snippet = String(decoding: text.prefix(60), as: UTF8.self)
            return SourceRow(line: line, values: [], problem: .invalidJSON("\(snippet)\(text.count > 60 ? "…" : "")"))
        }
        var cells: [(column: Int, value: String)] = []
        cells.reserveCapacity(object.count)
        for key in object.keys.sorted() {
            let index: Int
            if let known = columnIndex[key] {
                index = known
            } else {
                index = columns.count
                columnIndex[key] = index
                columns.append(key)
            }
            cells.append((index, object[key]?.text ?? ""))
        }
        cells.sort { $0.column < $1.column }
        return SourceRow(line: line, cells: cells)
    }

    /// The next line's bytes (without the LF), and whether it was cut for being over the limit.
    private func nextLine() throws(InputError) -> ([UInt8], Bool)? {
        while true {
            if chunkStart < chunkEnd {
                let available = UnsafeRawBufferPointer(rebasing: chunk[chunkStart..<chunkEnd])
                if let newline = available.firstIndex(of: 0x0A) {
                    append(UnsafeRawBufferPointer(rebasing: available[..<newline]))
                    chunkStart += newline + 1
                    return takeLine()
                }
                append(available)
                chunkStart = chunkEnd
            }
            if atEnd { return nil }
            chunkStart = 0
            chunkEnd = try input.readChunk(into: chunk)
            if chunkEnd == 0 {
                atEnd = true
                if !partialLine.isEmpty || partialLineTooLong { return takeLine() }
            }
        }
    }

    private func append(_ bytes: UnsafeRawBufferPointer) {
        guard !partialLineTooLong else { return }
        if partialLine.count + bytes.count > options.maxFieldBytes {
            partialLineTooLong = true
            partialLine = []
        } else {
            partialLine.append(contentsOf: bytes)
        }
    }

    private func takeLine() -> ([UInt8], Bool) {
        defer {
            partialLine.removeAll(keepingCapacity: true)
            partialLineTooLong = false
        }
        return (partialLine, partialLineTooLong)
    }
}

/// A JSON value of an NDJSON row, kept as the text a cell would hold.
private enum JSONValue: Decodable {
    case text(String)
    case null

    var text: String? {
        if case .text(let value) = self { return value }
        return nil
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .text(value ? "true" : "false")
        } else if let value = try? container.decode(Int64.self) {
            self = .text(String(value))
        } else if let value = try? container.decode(Double.self) {
            self = .text(String(value))
        } else if let value = try? container.decode(String.self) {
            self = .text(value)
        } else {
            let nested = try container.decode(NestedJSON.self)
            let data = try JSONEncoder().encode(nested)
            self = .text(String(decoding: data, as: UTF8.self))
        }
    }
}

/// Arrays and objects inside an NDJSON value, decoded only to be written back as JSON text.
private indirect enum NestedJSON: Codable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case array([NestedJSON])
    case object([String: NestedJSON])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([NestedJSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: NestedJSON].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .null: try container.encodeNil()
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
