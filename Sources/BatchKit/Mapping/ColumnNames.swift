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
}
