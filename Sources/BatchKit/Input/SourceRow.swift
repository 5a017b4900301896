/// One data row as read from an input file, before mapping and validation.
public struct SourceRow: Sendable, Equatable {
    /// Physical line (1-based) of the input file where the row starts; the header is line 1.
    public var line: Int
    /// Cell values, by position in the reader's `columns`. A CSV row may have more or fewer
    /// values than there are columns (then `problem` says so); an NDJSON row has "" for absent keys.
    public var values: [String]
    /// Why the row cannot be used as it is, when the reader already knows.
    public var problem: RowProblem?

    public init(line: Int, values: [String], problem: RowProblem? = nil) {
        self.line = line
        self.values = values
        self.problem = problem
    }
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
