import TextFormats

/// One data row as read from an input file, before mapping and validation.
///
/// The cells live in a ``RowBlock`` shared by the rows read in one go (the CSV reader's rows of
/// one chunk): the rows of a 64 KB chunk cost two allocations together, not two each. A cell
/// becomes a `String` only when something asks for it, so cells nobody reads cost nothing.
public struct SourceRow: Sendable {
    /// Physical line (1-based) of the input file where the row starts; the header is line 1.
    public var line: Int
    /// Why the row cannot be used as it is, when the reader already knows.
    public var problem: RowProblem?
    private let block: RowBlock
    /// Where the row's first cell starts in the block's bytes.
    private let start: Int32
    /// The index of the row's first cell in the block's `ends`.
    private let firstCell: Int32
    /// How many columns the row spans: a CSV row's cells, which may be more or fewer than there
    /// are columns (then `problem` says so); an NDJSON row's last key's column + 1.
    public let count: Int
    /// For a row that holds only some columns' cells (an NDJSON object has only its own keys: a
    /// row costs what it holds, not what every row before it brought), the column of each cell,
    /// ascending; the others are "". Nil when cell `i` is column `i`.
    private let columnsOfCells: [Int32]?

    public init(line: Int, values: [String], problem: RowProblem? = nil) {
        var end = 0
        let ends = values.map { value in
            end += value.utf8.count
            return Int32(end)
        }
        self.init(
            line: line, block: RowBlock(bytes: Array(values.joined().utf8), ends: ends), start: 0, firstCell: 0, count: values.count,
            problem: problem)
    }

    /// A row holding only the cells of some columns (`cells` in ascending order of column); the
    /// other columns are "".
    public init(line: Int, cells: [(column: Int, value: String)]) {
        var end = 0
        let ends = cells.map { cell in
            end += cell.value.utf8.count
            return Int32(end)
        }
        let bytes = Array(cells.map(\.value).joined().utf8)
        self.init(
            line: line, block: RowBlock(bytes: bytes, ends: ends), start: 0, firstCell: 0,
            count: (cells.last?.column ?? -1) + 1, problem: nil, columnsOfCells: cells.map { Int32($0.column) })
    }

    /// A row whose `count` cells start at `start` in `block`, the first ending at `block.ends[firstCell]`.
    init(line: Int, block: RowBlock, start: Int32, firstCell: Int32, count: Int, problem: RowProblem?, columnsOfCells: [Int32]? = nil) {
        self.line = line
        self.block = block
        self.start = start
        self.firstCell = firstCell
        self.count = count
        self.problem = problem
        self.columnsOfCells = columnsOfCells
    }

    /// Cell `index` as text; "" for a column the row has no cell in (a short row's last columns).
    public func cell(_ index: Int) -> Substring {
        Substring(withUTF8(ofCell: index) { String(decoding: $0, as: UTF8.self) })
    }

    /// Calls `body` with the UTF-8 bytes of cell `index`, without making a `String` of them.
    public func withUTF8<Result>(ofCell index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        guard let position = position(ofColumn: index) else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        let cell = Int(firstCell) + position
        let from = position == 0 ? Int(start) : Int(block.ends[cell - 1])
        let to = Int(block.ends[cell])
        return try block.bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[from..<to])) }
    }

    /// Calls `body` with each column below `limit` that the row holds a cell for, in order: every
    /// column below its count, or only a sparse row's own.
    public func forEachColumn(below limit: Int, _ body: (Int) throws -> Void) rethrows {
        guard let columnsOfCells else {
            for index in 0..<min(count, limit) { try body(index) }
            return
        }
        for column in columnsOfCells {
            guard column < limit else { return }
            try body(Int(column))
        }
    }

    /// Where column `column`'s cell is among the row's cells; nil when the row has none there: a
    /// sparse row's missing column, or a column past the end of a short row.
    private func position(ofColumn column: Int) -> Int? {
        guard let columnsOfCells else { return column >= 0 && column < count ? column : nil }
        var low = 0
        var high = columnsOfCells.count
        while low < high {
            let middle = (low + high) / 2
            if Int(columnsOfCells[middle]) < column { low = middle + 1 } else { high = middle }
        }
        return low < columnsOfCells.count && Int(columnsOfCells[low]) == column ? low : nil
    }

    /// Every cell as a `String`, by position in the reader's `columns`.
    public var values: [String] { (0..<count).map { String(cell($0)) } }
}

extension SourceRow: Equatable {
    /// Rows are equal when their line, problem and cells are, wherever the cells are kept.
    public static func == (left: SourceRow, right: SourceRow) -> Bool {
        left.line == right.line && left.problem == right.problem && left.count == right.count
            && (0..<left.count).allSatisfy { left.cell($0) == right.cell($0) }
    }
}

/// The cells of one or more rows, back to back as UTF-8 (valid: readers check or convert the
/// bytes on the way in), with the offset where each cell ends.
final class RowBlock: Sendable {
    let bytes: [UInt8]
    let ends: [Int32]

    init(bytes: [UInt8], ends: [Int32]) {
        self.bytes = bytes
        self.ends = ends
    }
}

/// A reason for which one row fails, with a stable code for reports and a message for people.
public struct RowProblem: Error, Sendable, Equatable, Codable {
    /// Stable, machine-readable code, e.g. `invalid-email`; API errors use the API's numeric code.
    public var code: String
    /// What is wrong and, where it helps, what to do about it (in English).
    public var message: String
    /// The words' key and values, boxed: every row carries room for a problem, and a row is
    /// copied on its way through the pipeline, so the room is kept to one pointer.
    private var words: Words?

    /// The key of the problem's words and their values, for a front end that says it in another
    /// language (nil: only ``message`` says it).
    public var phrase: String? {
        guard case .phrase(let phrase, _) = words else { return nil }
        return phrase
    }
    public var values: [String: String] {
        guard case .phrase(_, let values) = words else { return [:] }
        return values
    }

    /// The problem as a phrase's value: its own phrase (`row.<phrase>`), else its message.
    public var phrasing: Phrasing.Value {
        guard let phrase else { return .text(message) }
        return .phrase(Phrasing("row." + phrase, values.mapValues { .text($0) }))
    }

    private indirect enum Words: Sendable, Equatable, Codable {
        case phrase(String, values: [String: String])
    }

    public init(code: String, message: String, phrase: String? = nil, values: [String: String] = [:]) {
        (self.code, self.message, self.words) = (code, message, phrase.map { .phrase($0, values: values) })
    }
}

extension RowProblem {
    static func fieldCount(_ found: Int, expected: Int) -> RowProblem {
        RowProblem(
            code: "field-count",
            message:
                "\(found) field\(found == 1 ? "" : "s") where the header has \(expected); check the delimiter and that quotes are balanced",
            phrase: "fieldCount", values: ["found": "\(found)", "expected": "\(expected)"])
    }
    static func nulByte(field: Int) -> RowProblem {
        RowProblem(
            code: "nul-byte", message: "field \(field) contains a NUL byte; save the file as CSV UTF-8 text", phrase: "nulByte",
            values: ["field": "\(field)"])
    }
    static func fieldTooLarge(field: Int, limit: Int) -> RowProblem {
        RowProblem(
            code: "field-too-large",
            message: "field \(field) is larger than \(limit) bytes (\(Setting.maxFieldBytes.mention())); is a quote left open?",
            phrase: "fieldTooLarge", values: ["field": "\(field)", "limit": "\(limit)"])
    }
    static func malformedQuote(field: Int) -> RowProblem {
        RowProblem(
            code: "malformed-quote",
            message:
                "field \(field) has text after its closing quote, so the rest of this line was not read; quote the whole field and double the quotes inside it (\"5\"\" screen\") or remove the quotes",
            phrase: "malformedQuote", values: ["field": "\(field)"])
    }
    static func invalidJSON(_ detail: String) -> RowProblem {
        RowProblem(code: "invalid-json", message: "not a JSON object: \(detail)", phrase: "invalidJSON", values: ["detail": detail])
    }
}
