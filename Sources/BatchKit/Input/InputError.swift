import TextFormats

/// An input problem that stops reading the whole file (as opposed to a ``RowProblem``, which fails one row).
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file the error is about.
    public var path: String
    /// The line the error is at, when it is about a place in the file.
    public var line: Int?
    /// What is wrong and what to do about it.
    public var message: String
    /// The message's phrase, for a front end in another language; nil: only ``message`` says it.
    public var phrasing: Phrasing?

    public init(path: String, line: Int? = nil, message: String, phrasing: Phrasing? = nil) {
        self.path = path
        self.line = line
        self.message = message
        self.phrasing = phrasing
    }

    /// ``phrasing`` with the line when there is one (`input.atLine`).
    public var placedPhrasing: Phrasing? {
        guard let phrasing else { return nil }
        return line.map { .input(.atLine, ["line": "\($0)", "what": .phrase(phrasing)]) } ?? phrasing
    }

    /// What is wrong, with the line when there is one, but not the file's path: for a page that
    /// names the file by the name its user knows.
    public var placeless: String {
        line.map { "line \($0): \(message)" } ?? message
    }

    public var description: String {
        if let line { return "\(path): line \(line): \(message)" }
        return "\(path): \(message)"
    }
}
