import TextFormats

/// How column names are matched and shown, for every mapping (contacts, invites).
public enum ColumnNames {
    /// Whether `a` and `b` name the same column: equal, or equal once trimmed and lower-cased.
    public static func same(_ a: String, _ b: String) -> Bool {
        a == b || a.trimmed.lowercased() == b.trimmed.lowercased()
    }

    /// The target `--map` gives `column` (the last rename naming it wins), if any.
    public static func renamed(_ column: String, by renames: [(column: String, target: String)]) -> String? {
        renames.last(where: { same($0.column, column) })?.target
    }

    /// `'a', 'b', 'c'` (or `(none)`), for messages that list a file's columns.
    public static func list(_ columns: [String]) -> String {
        columns.isEmpty ? "(none)" : columns.map { "'\($0)'" }.joined(separator: ", ")
    }

    /// Parses one `--map` value, `Column=target`.
    public static func parseRename(_ text: String) -> (column: String, target: String)? {
        guard let equals = text.lastIndex(of: "=") else { return nil }
        let column = String(text[..<equals]).trimmed
        let target = String(text[text.index(after: equals)...]).trimmed
        guard !column.isEmpty, !target.isEmpty else { return nil }
        return (column, target)
    }
}

extension StringProtocol {
    /// Without leading and trailing white space.
    public var trimmed: String {
        if let first = first?.asciiValue, let last = last?.asciiValue, ASCII.isVisible(first), ASCII.isVisible(last) { return String(self) }
        guard let first = firstIndex(where: { !$0.isWhitespace }),
            let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }
}
