import BatchKit
import LeatAPI

/// What `loyalty-batch import contacts` is told.
public struct ImportOptions: Sendable {
    public var read = ReadOptions()
    public var mapping = MappingOptions()
    public var mode: ImportMode = .upsert
    /// Rows in flight at most (`--concurrency`).
    public var concurrency = 16
    public var rate: RateLimiter.Mode = .unlimited
    public var retry = RetryPolicy()
    /// nil: `<input>.report.csv` (`<input>.dry-run.report.csv` in a dry run).
    public var reportPath: String?
    /// nil: `<input>.failed.csv` (or `.failed.ndjson`).
    public var failedRowsPath: String?
    public var resume = false
    public var dryRun = false
    public var progress: ProgressReporter.Style = .quiet

    public init() {}

    /// The report's path for `input`.
    public func reportPath(for input: String) -> String {
        if let reportPath { return reportPath }
        let base = input == "-" ? "stdin" : input
        return base + (dryRun ? ".dry-run.report.csv" : ".report.csv")
    }
}

/// `import contacts`: reads, maps and validates the file, and writes each valid row to Leat in the
/// ``RowEngine``'s sliding window, recording every row's outcome in the report as it finishes.
public enum ImportContactsJob {
    /// A row on its way to Leat.
    struct Item: Sendable {
        var source: SourceRow
        var contact: ContactRow
        /// Said on the report line when the row went well (e.g. a duplicate applied after its first line).
        var note: String
    }

    /// Runs the import. Throws ``InputError`` or ``MappingError`` for a file that cannot be read
    /// (exit 2); a job-fatal stop is not thrown but said in the summary's `stopped` (exit 3).
    public static func run(input: String, options: ImportOptions, client: LeatClient,
                           control: RunControl = RunControl()) async throws -> RunSummary {
        let start = ContinuousClock.now
        let reader = try openRowReader(path: input, options: options.read)
        let mapping = try ColumnMapping(columns: reader.columns, options: options.mapping, requireEmail: reader is CSVReader)
        var validator = ContactValidator(mapping: mapping, rule: options.mapping.duplicates, blank: options.mapping.blank)
        var summary = RunSummary(command: "import contacts", input: input)
        summary.dryRun = options.dryRun
        summary.report = options.reportPath(for: input)
        let ledger = options.resume ? try ResumeLedger.load(reportPath: summary.report) : ResumeLedger()
        let report = try ReportWriter(path: summary.report, append: ledger.reportExists)
        let style: FailedRowsWriter.Style = (reader as? CSVReader).map { .csv(delimiter: $0.delimiter, byteOrderMark: $0.hadByteOrderMark) } ?? .ndjson
        let failedRows = options.dryRun ? nil : try FailedRowsWriter(
            path: options.failedRowsPath ?? FailedRowsWriter.defaultPath(for: input, style: style), columns: reader.columns, style: style)
        let importer = ContactImporter(
            client: client, runner: RequestRunner(limiter: RateLimiter(mode: options.rate), policy: options.retry, control: control),
            mode: options.mode, dryRun: options.dryRun)
        let progress = ProgressReporter(style: options.progress)
        var counts = ProgressReporter.Counts()
        counts.totalBytes = reader.totalBytes

        /// Hands the report (the resume ledger) and the failed rows to the kernel: before a row
        /// with the key of a finished one starts, and at least every 200 ms. A row finished but
        /// not yet handed over when the process is killed is done again by `--resume`: every call
        /// of an import may be repeated.
        var lastCheckpoint = ContinuousClock.now
        func checkpoint() throws(OutputError) {
            try report.flush()
            try failedRows?.flush()
            lastCheckpoint = .now
        }

        func record(_ line: ReportLine, _ source: SourceRow) throws(OutputError) {
            try report.write(line)
            if !line.ok, let failedRows {
                try failedRows.write(source, columns: reader.columns, problem: RowProblem(code: line.errorCode, message: line.errorMessage))
            }
            if ContinuousClock.now - lastCheckpoint >= .milliseconds(200) { try checkpoint() }
            summary.record(line)
            summary.retries += max(0, line.attempts - 1)
            if line.ok { counts.ok += 1 } else { counts.failed += 1 }
            counts.bytesRead = reader.bytesRead
            progress.update(counts)
        }

        var knownColumns = reader.columns.count
        func next() throws -> Item? {
            while let row = try reader.next() {
                if reader.columns.count != knownColumns {
                    try validator.update(columns: reader.columns)
                    knownColumns = reader.columns.count
                }
                summary.rows += 1
                counts.read += 1
                let verdict = validator.validate(row)
                if ledger.isFinished(row.line) {
                    summary.alreadyDone += 1
                    if let problem = ledger.failures[row.line] {
                        summary.alreadyFailed += 1
                        try failedRows?.write(row, columns: reader.columns, problem: problem)
                    }
                    continue
                }
                switch verdict {
                case .apply(let contact, let first):
                    let note = first.map { "the same email as line \($0); applied after it (--on-duplicate \(options.mapping.duplicates.rawValue))" }
                    return Item(source: row, contact: contact, note: note ?? "")
                case .skip(let contact, let first):
                    try record(ReportLine(line: row.line, key: contact.email, action: "skipped", ok: true,
                                          errorMessage: "the same email as line \(first); skipped (--on-duplicate first)"), row)
                case .reject(let key, let problem):
                    try record(ReportLine(line: row.line, key: key, action: options.dryRun ? "would-fail" : "failed", ok: false,
                                          errorCode: problem.code, errorMessage: problem.message), row)
                }
            }
            return nil
        }

        do {
            try await RowEngine(concurrency: options.concurrency).run(
                control: control,
                next: next,
                key: { $0.contact.email },
                perform: { item in await importer.perform(item.contact) },
                finish: { item, outcome in
                    guard var line = outcome else { return }
                    if line.ok && line.errorMessage.isEmpty { line.errorMessage = item.note }
                    try record(line, item.source)
                },
                checkpoint: checkpoint)
        } catch let error as OutputError {
            summary.stopped = error.description
        }
        progress.finish()
        try? report.flush()
        if let failedRows {
            try? failedRows.close()
            if failedRows.count > 0 { summary.failedRows = failedRows.path }
        }
        if summary.stopped == nil, control.state != .running { summary.stopped = control.reason }
        summary.warnings = reader.warnings
        summary.seconds = (ContinuousClock.now - start).seconds
        return summary
    }
}
