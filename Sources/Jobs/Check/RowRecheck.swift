import BatchKit

/// One row checked again on its own, as the check of the whole file checks it: a row fixed in
/// the desk's page, answered without reading the file again. Only where a row's verdict is its
/// own: contacts under the `last` or `merge` rule, where every row is applied and none is skipped
/// or refused for another; under `first` or `fail`, and for invites and balances, a row depends on
/// the rows before it, and the file is checked again whole.
package struct RowRecheck {
    private var check: ContactCheck

    /// The check of a row of `columns` (a file whose columns are known from its header) under
    /// `options`; nil where a row's verdict is not its own.
    package init?(columns: [String], options: CheckOptions) {
        guard options.invites == nil, options.balances == nil, [.last, .merge].contains(options.mapping.duplicates),
            let check = try? ContactCheck(columns: columns, options: options.mapping, strict: true)
        else { return nil }
        self.check = check
    }

    /// The problem of the row at `line` with `cells`; nil when it is ready to go.
    package mutating func problem(line: Int, cells: [String]) -> Problem? {
        guard case .invalid(_, let problem) = check.check(SourceRow(line: line, values: cells)) else { return nil }
        return problem
    }
}
