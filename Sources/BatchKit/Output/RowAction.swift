/// What was done with a row: the report's `action` column. Its raw values are a file format users
/// script against and the resume ledger reads back: a case may be added, never renamed.
public enum RowAction: String, Sendable, CaseIterable {
    /// `check`: the row would go as it is.
    case valid
    /// `check`: the row has a problem to fix.
    case invalid
    case skipped
    case found
    case created
    case updated
    case unchanged
    case failed
    case invited
    case credited
    case debited
    case wouldSkip = "would-skip"
    case wouldFind = "would-find"
    case wouldCreate = "would-create"
    case wouldUpdate = "would-update"
    case wouldFail = "would-fail"
    case wouldInvite = "would-invite"
    case wouldCredit = "would-credit"
    case wouldDebit = "would-debit"

    /// A dry run's: what the row would do; nothing was done.
    public var isPreview: Bool {
        switch self {
        case .wouldSkip, .wouldFind, .wouldCreate, .wouldUpdate, .wouldFail, .wouldInvite, .wouldCredit, .wouldDebit: true
        default: false
        }
    }

    /// The row failed, or would.
    public var isFailure: Bool { self == .failed || self == .wouldFail }

    /// A failed row: `would-fail` in a dry run.
    public static func failed(dryRun: Bool) -> RowAction { dryRun ? .wouldFail : .failed }

    /// A skipped row: `would-skip` in a dry run.
    public static func skipped(dryRun: Bool) -> RowAction { dryRun ? .wouldSkip : .skipped }
}
