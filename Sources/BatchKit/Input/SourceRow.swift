/// One data row as read from an input file, before mapping and validation.
///
/// The cells are kept as one UTF-8 string with the offsets where each cell ends — two allocations
/// a row however many cells it has; a cell becomes a `String` only when something asks for it.
public struct SourceRow: Sendable, Equatable {
    /// Physical line (1-based) of the input file where the row starts; the header is line 1.
    public var line: Int
    /// Why the row cannot be used as it is, when the reader already knows.
    public var problem: RowProblem?
    /// All cells, back to back.
    private var text: String
    /// UTF-8 offset in `text` where each cell ends.
    private var ends: [Int32]

    public init(line: Int, values: [String], problem: RowProblem? = nil) {
        self.line = line
        self.problem = problem
        text = values.joined()
        var end = 0
        ends = values.map { value in
            end += value.utf8.count
            return Int32(end)
        }
    }

    /// A row from cells already laid out back to back (the CSV reader's path).
    init(line: Int, text: String, ends: [Int32], problem: RowProblem?) {
        self.line = line
        self.text = text
        self.ends = ends
        self.problem = problem
    }

    /// How many cells the row has. A CSV row may have more or fewer than there are columns
    /// (then `problem` says so); an NDJSON row has "" for keys it lacks.
    public var count: Int { ends.count }

    /// Cell `index`, without copying.
    public func cell(_ index: Int) -> Substring {
        let utf8 = text.utf8
        let start = index == 0 ? 0 : Int(ends[index - 1])
        return text[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: Int(ends[index]))]
    }

    /// Every cell as a `String`, by position in the reader's `columns`.
    public var values: [String] { (0..<count).map { String(cell($0)) } }
}

/// A reason for which one row fails, with a stable code for reports and a message for people.
public struct RowProblem: Error, Sendable, Equatable {
    /// Stable, machine-readable code, e.g. `invalid-email`; API errors use the API's numeric code.
    public var code: String
    /// What is wrong and, where it helps, what to do about it.
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}

extension RowProblem {
    static func fieldCount(_ found: Int, expected: Int) -> RowProblem {
        RowProblem(code: "field-count",
                   message: "\(found) field\(found == 1 ? "" : "s") where the header has \(expected); check the delimiter and that quotes are balanced")
    }
    static func nulByte(field: Int) -> RowProblem {
        RowProblem(code: "nul-byte", message: "field \(field) contains a NUL byte; save the file as CSV UTF-8 text")
    }
    static func fieldTooLarge(field: Int, limit: Int) -> RowProblem {
        RowProblem(code: "field-too-large",
                   message: "field \(field) is larger than \(limit) bytes (--max-field-bytes); is a quote left open?")
    }
    static func invalidJSON(_ detail: String) -> RowProblem {
        RowProblem(code: "invalid-json", message: "not a JSON object: \(detail)")
    }
}
