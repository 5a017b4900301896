import BatchKit

/// What happens to a column that no `--map` names and that is not `email` or `referral_code`.
public enum UnmappedColumns: String, Sendable, CaseIterable {
    /// It becomes an attribute of the same name (the default).
    case attribute
    /// It is left out.
    case ignore
    /// The file is refused, naming the column.
    case error
}

/// What an empty cell means.
public enum BlankCells: String, Sendable, CaseIterable {
    /// The attribute is not sent: the contact keeps what it has (the default).
    case ignore
    /// The attribute is sent empty, clearing what the contact has.
    case clear
}

/// What happens when a key (email) appears on more than one row of a file.
///
/// Rows with the same key are always applied in input order, one at a time, so:
/// `first` applies the first row and skips the later ones; `last` applies them all in order
/// (what the last row says wins); `merge` applies them all in order but never clears a value with
/// a later row's blank cell; `fail` applies the first and fails the later ones.
///
/// `first`, `fail`, and `merge` with `--blank clear` remember every key (16–24 bytes each); `last`
/// and `merge` without clearing need no memory per key.
public enum DuplicateRule: String, Sendable, CaseIterable {
    case first, last, merge, fail
}

/// How input columns become a contact's email, referral code and attributes.
public struct MappingOptions: Sendable {
    /// `(column, target)` pairs from `--map 'Column=target'`, in the order given.
    public var renames: [(column: String, target: String)] = []
    public var unmapped: UnmappedColumns = .attribute
    public var blank: BlankCells = .ignore
    public var duplicates: DuplicateRule = .last

    public init() {}
}
