import BatchKit
import Foundation

/// What `loyalty-batch check` reads and writes.
public struct CheckOptions: Sendable {
    public var read = ReadOptions()
    public var mapping = MappingOptions()
    /// Check the rows as referral invites with these options (their `--map`, `--type` and
    /// `--campaign-token`) instead of as contacts; nil: contacts, mapped by ``mapping``.
    public var invites: InviteOptions?
    /// Check the rows as points balances with these options (their `--map` and mode) instead.
    public var balances: BalanceOptions?
    /// Where the report goes; nil puts it beside the input as `<input>.report.csv`.
    public var reportPath: String?
    /// Where the invalid rows go, in the input's own format, ready to fix; nil: nowhere.
    public var failedRowsPath: String?
    /// The invalid rows' formula-like CSV cells neutralised (`--no-excel-safe` turns it off).
    public var excelSafe = true

    public init() {}

    /// The report path for `input`, `<input>.report.csv` unless one was chosen.
    public func reportPath(for input: String) -> String {
        reportPath ?? OutputPaths.beside(input, ".report.csv")
    }
}

/// `check`, a ``BulkJob`` with nothing to send, on the same driver as the imports: reads, maps
/// and validates a whole file offline, writing one report line per data row (`valid`, `skipped`,
/// `invalid`) and, when asked, the invalid rows to fix. Its summary's `failed` are the invalid
/// rows; an input that cannot be read or mapped throws (exit 2), with the rows before it reported.
public struct CheckJob: BulkJob {
    public let command = "check"
    public let options: CheckOptions
    public var read: ReadOptions { options.read }
    /// Nothing sent, one row at a time; the rows to fix only where asked.
    public var settings: RunSettings {
        var run = RunSettings()
        run.concurrency = 1
        run.reportPath = options.reportPath
        run.failedRowsPath = options.failedRowsPath
        run.writesFailedRows = options.failedRowsPath != nil
        run.excelSafe = options.excelSafe
        return run
    }
    /// Parsing on one core, mapping, validation and the report on the other.
    package var readsAhead: Bool { true }

    public init(options: CheckOptions) {
        self.options = options
    }

    /// Checks `input`; `control` stops it between two rows (``RunSummary/stopped`` then says why).
    public static func run(input: String, options: CheckOptions, control: RunControl = RunControl()) async throws -> RunSummary {
        try await JobRun(CheckJob(options: options), input: input, control: control).run()
    }

    package func prepare(_ setup: JobSetup) throws -> PreparedCheck {
        let (columns, strict) = (setup.reader.columns, setup.reader.columnsKnownUpFront)
        let check: any RowCheck =
            if let invites = options.invites {
                try InviteCheck(columns: columns, options: invites, strict: strict)
            } else if let balances = options.balances {
                try BalanceRowCheck(columns: columns, options: balances)
            } else {
                try ContactCheck(columns: columns, options: options.mapping, strict: strict)
            }
        return PreparedCheck(check: check)
    }
}

/// `check` with its columns mapped: each row is settled by its ``RowCheck``.
package struct PreparedCheck: PreparedJob {
    package let sender = NoSender()
    var check: any RowCheck

    package mutating func admit(_ row: SourceRow, newColumns: [String]?) throws -> RowVerdict<Never> {
        if let newColumns { try check.update(columns: newColumns) }
        return switch check.check(row) {
        case .valid(let key, let note):
            .settled(RowOutcome(line: row.line, key: key, action: .valid, note: note))
        case .skipped(let key, let note):
            .settled(RowOutcome(line: row.line, key: key, action: .skipped, note: note))
        case .invalid(let key, let problem):
            .settled(RowOutcome(line: row.line, key: key, action: .invalid, problem: problem))
        }
    }

    package func key(_ batch: WorkBatch<Never>) -> String { "" }

    package func complete(_ summary: inout RunSummary) {}
}

/// The sender of a job that sends nothing: a check.
package struct NoSender: BulkSender {
    package func perform(_ batch: WorkBatch<Never>) async -> [RowOutcome?] { [] }
    package var requests: Int { 0 }
}
