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

/// Counts of one check run, and what it means for the exit code.
public struct CheckSummary: Sendable, Equatable, Codable {
    public var rows = 0
    public var valid = 0
    public var skipped = 0
    public var invalid = 0
    /// Invalid rows per error code.
    public var invalidByCode: [String: Int] = [:]
    public var blankLinesSkipped = 0
    public var warnings: [String] = []
    public var seconds = 0.0
    public var reportPath = ""
    /// The invalid rows' file, when one was asked for and some row was invalid.
    public var failedRowsPath: String?
    /// Why the check stopped before the end of the file (its `control` was stopped); nil when it read it all.
    public var stopped: String?

    /// 0 when every row is valid (or a duplicate skipped by rule), 1 when some are not.
    public var exitCode: Int32 { invalid == 0 ? 0 : 1 }
}

/// Reads, maps and validates a whole file offline, writing one report line per data row.
public enum CheckJob {
    /// Runs the check. Throws ``InputError``, ``MappingError`` or ``OutputError`` for problems that
    /// stop the whole file (exit 2); rows already checked are in the report. `progress` is told
    /// how it goes every ``progressRows`` rows; once `control` is stopped, no further row is read.
    public static func run(
        input: String, options: CheckOptions, control: RunControl? = nil,
        progress: ((JobProgress) -> Void)? = nil
    ) throws -> CheckSummary {
        let start = ContinuousClock.now
        let opened = try openRowReader(path: input, options: options.read)
        let style = FailedRowsWriter.Style.matching(opened, path: options.failedRowsPath)
        // Parsing on one core, mapping, validation and the report on the other.
        let reader = ReadAheadReader(opened)
        var checker: any RowCheck =
            if let invites = options.invites {
                try InviteCheck(columns: reader.columns, options: invites, strict: reader.columnsKnownUpFront)
            } else if let balances = options.balances {
                try BalanceRowCheck(columns: reader.columns, options: balances)
            } else {
                try ContactCheck(columns: reader.columns, options: options.mapping, strict: reader.columnsKnownUpFront)
            }
        var summary = CheckSummary(reportPath: options.reportPath(for: input))
        let report = try ReportWriter(path: summary.reportPath)
        let failedRows = try options.failedRowsPath.map { path throws(OutputError) in
            try FailedRowsWriter(path: path, columns: reader.columns, style: style, excelSafe: options.excelSafe)
        }
        defer {
            try? report.flush()
        }
        var knownColumns = reader.columnCount
        while control?.isRunning ?? true, let row = try reader.next() {
            if reader.columnCount != knownColumns {
                try checker.update(columns: reader.columns)
                knownColumns = reader.columnCount
            }
            summary.rows += 1
            if summary.rows % progressRows == 0 { progress?(summary.progress(reader, since: start)) }
            switch checker.check(row) {
            case .valid(let key, let note):
                summary.valid += 1
                try report.write(ReportLine(line: row.line, key: key, action: .valid, ok: true, errorMessage: note))
            case .skipped(let key, let note):
                summary.skipped += 1
                try report.write(ReportLine(line: row.line, key: key, action: .skipped, ok: true, errorMessage: note))
            case .invalid(let key, let problem):
                summary.invalid += 1
                summary.invalidByCode[problem.code, default: 0] += 1
                try report.write(
                    ReportLine(
                        line: row.line, key: key, action: .invalid, ok: false,
                        errorCode: problem.code, errorMessage: problem.message))
                try failedRows?.write(row, columns: reader.columns, problem: problem)
            }
        }
        if let control, !control.isRunning { summary.stopped = control.reason ?? "stopped" }
        try report.flush()
        try failedRows?.close()
        if let failedRows, failedRows.count > 0 { summary.failedRowsPath = failedRows.path }
        summary.blankLinesSkipped = reader.blankLinesSkipped
        summary.warnings = reader.warnings
        summary.seconds = (ContinuousClock.now - start).seconds
        return summary
    }

    /// Rows between two calls of a check's `progress`.
    public static let progressRows = 4096
}

extension CheckSummary {
    /// The check's counts so far as a run's progress: rows read, valid (or skipped) as ok.
    fileprivate func progress(_ reader: any RowReader, since start: ContinuousClock.Instant) -> JobProgress {
        var progress = JobProgress()
        progress.read = rows
        progress.ok = valid + skipped
        progress.failed = invalid
        progress.bytesRead = reader.bytesRead
        progress.totalBytes = reader.totalBytes
        progress.elapsed = ContinuousClock.now - start
        return progress
    }
}
