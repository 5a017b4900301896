import BatchKit

/// The outputs of one bulk run: the report (its resume ledger), the failed-rows file, progress
/// and the summary. Every row's outcome goes through ``record(_:_:)``, whichever job made it.
final class RunRecorder {
    private(set) var summary: RunSummary
    let ledger: ResumeLedger
    private let reader: any RowReader
    private let report: ReportWriter
    private let failedRows: FailedRowsWriter?
    private let progress: ProgressFeed
    private var lastCheckpoint = ContinuousClock.now
    /// Columns the mapping knows of; NDJSON rows can bring more.
    private var knownColumns: Int
    private let start = ContinuousClock.now

    /// Opens the report (going on with it under `--resume`) and, unless it is a dry run, the
    /// failed-rows file, in the input's own format.
    init(
        command: String, input: String, reader: any RowReader, style: FailedRowsWriter.Style, settings: RunSettings,
        progress: ProgressFeed
    ) throws {
        self.reader = reader
        summary = RunSummary(command: command, input: input)
        summary.dryRun = settings.dryRun
        summary.report = settings.reportPath(for: input)
        ledger = settings.resume ? try ResumeLedger.load(reportPath: summary.report) : ResumeLedger()
        report = try ReportWriter(path: summary.report, append: ledger.reportExists)
        failedRows =
            settings.dryRun || !settings.writesFailedRows
            ? nil
            : try FailedRowsWriter(
                path: settings.failedRowsPath ?? FailedRowsWriter.defaultPath(for: input, style: style), columns: reader.columns,
                style: style, excelSafe: settings.excelSafe)
        self.progress = progress
        progress.update { $0.totalBytes = reader.totalBytes }
        knownColumns = reader.columnCount
    }

    /// The next row of the input, with the file's columns when this row added some (NDJSON): the
    /// mapping must then be extended before the row is mapped.
    func nextRow() throws(InputError) -> (row: SourceRow, newColumns: [String]?)? {
        guard let row = try reader.next() else { return nil }
        guard reader.columnCount != knownColumns else { return (row, nil) }
        knownColumns = reader.columnCount
        return (row, reader.columns)
    }

    /// Counts a row read from the input. Returns true when an earlier run finished it: it is then
    /// settled here (a failure goes to the new failed-rows file again) and must not be done.
    func read(_ row: SourceRow) throws(OutputError) -> Bool {
        summary.rows += 1
        progress.update { $0.read += 1 }
        guard ledger.isFinished(row.line) else { return false }
        summary.alreadyDone += 1
        if let problem = ledger.failures[row.line] {
            summary.alreadyFailed += 1
            try failedRows?.write(row, columns: reader.columns, problem: problem)
        }
        return true
    }

    /// Records a row's outcome: its report line, its failed row, the counts and the progress.
    func record(_ line: ReportLine, _ source: SourceRow) throws(OutputError) {
        try report.write(line)
        if !line.ok, let failedRows {
            try failedRows.write(source, columns: reader.columns, problem: RowProblem(code: line.errorCode, message: line.errorMessage))
        }
        if ContinuousClock.now - lastCheckpoint >= .milliseconds(200) { try checkpoint() }
        summary.record(line)
        summary.retries += max(0, line.attempts - 1)
        let bytesRead = reader.bytesRead
        progress.update { counts in
            if line.ok { counts.ok += 1 } else { counts.failed += 1 }
            counts.bytesRead = bytesRead
        }
    }

    /// Hands the report (the resume ledger) and the failed rows to the kernel: called before a
    /// row with the key of a finished one starts, and at least every 200 ms by ``record(_:_:)``.
    func checkpoint() throws(OutputError) {
        try report.flush()
        try failedRows?.flush()
        lastCheckpoint = .now
    }

    /// Closes the outputs (the report synced to disk) and completes the summary. `failure` is what
    /// stopped the run partway (a write, or the input turning out unreadable at some line); an
    /// output that cannot be closed stops it too: never swallowed, always in `stopped`.
    func finish(control: RunControl, failure: (any Error)?) -> RunSummary {
        var problems = failure.map { [Self.stopMessage($0)] } ?? []
        do {
            try report.sync()
        } catch {
            problems.append("the report's last lines could not be written: \(error.description)")
        }
        if let failedRows {
            do {
                try failedRows.close()
            } catch {
                problems.append("the failed rows could not be written: \(error.description)")
            }
            if failedRows.count > 0 { summary.failedRows = failedRows.path }
        }
        summary.stopped = problems.isEmpty ? (control.state != .running ? control.reason : nil) : problems.joined(separator: "; ")
        summary.warnings += reader.warnings
        summary.blankLinesSkipped = reader.blankLinesSkipped
        summary.seconds = (ContinuousClock.now - start).seconds
        return summary
    }

    /// What stopped a run, for its summary: an input error names the file and line.
    private static func stopMessage(_ error: any Error) -> String {
        if let input = error as? InputError {
            return "reading stopped at \(input.description); the rows before it are done: fix the file there"
        }
        return String(describing: error)
    }
}
