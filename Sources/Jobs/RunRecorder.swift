import BatchKit
import TextFormats

/// The outputs of one bulk run: the report (its resume ledger), the failed-rows file, progress
/// and the summary. Every row's outcome goes through ``record(_:_:)``, whichever job made it.
final class RunRecorder {
    // The counts below change once a row, from one task at a time (the driver's): unchecked for
    // exclusivity, as a local variable would be, since a check settles a row in about a microsecond.
    @exclusivity(unchecked) private(set) var summary: RunSummary
    let ledger: ResumeLedger
    private let reader: any RowReader
    private let report: ReportWriter
    private let failedRows: FailedRowsWriter?
    private let progress: ProgressFeed
    private var lastCheckpoint = ContinuousClock.now
    /// Rows recorded since the clock was last read: a row settled without a request takes about a
    /// microsecond, so the clock (for the checkpoint and the progress) is read every 64 of them.
    @exclusivity(unchecked) private var sinceClock = 0
    /// The action of the rows recorded last, and how many in a row: counted into the summary's
    /// actions (a dictionary by name) when the action changes, not once a row.
    @exclusivity(unchecked) private var lastAction: (action: RowAction, count: Int)?
    /// Where the failed rows' outcomes go as the report is flushed (``JobHandle/outcomes``), and
    /// those not gone yet.
    private let publish: AsyncStream<[RowOutcome]>.Continuation?
    private var unpublished: [RowOutcome] = []
    /// Publish the rows that went with a phrased note too (a preview's).
    private let publishNotes: Bool
    /// Columns the mapping knows of; NDJSON rows can bring more.
    private var knownColumns: Int
    /// Rows read as fixed in the desk instead of as the file has them (``ReadOptions/fixedRows``).
    private let fixedRows: [Int: [String]]
    private let start = ContinuousClock.now

    /// Opens the report (going on with it under `--resume`) and, unless it is a dry run, the
    /// failed-rows file, in the input's own format.
    init(
        command: String, input: String, reader: any RowReader, style: FailedRowsWriter.Style, settings: RunSettings,
        progress: ProgressFeed, publish: AsyncStream<[RowOutcome]>.Continuation? = nil, publishNotes: Bool = false,
        fixedRows: [Int: [String]] = [:]
    ) throws {
        self.publish = publish
        self.publishNotes = publishNotes
        self.fixedRows = fixedRows
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

    /// The next rows of the input, as many as were read in one go, with the file's columns when
    /// the last of them added some (NDJSON): the mapping must then be extended before that row is
    /// mapped. No rows: the input has ended.
    func nextRows() throws(InputError) -> (rows: [SourceRow], newColumns: [String]?) {
        let rows = try reader.nextRows()
        guard reader.columnCount != knownColumns else { return (rows, nil) }
        knownColumns = reader.columnCount
        return (rows, reader.columns)
    }

    /// The cells of the row at `line` as the desk fixed them, when it has a fix for that line.
    func fixed(_ line: Int) -> [String]? {
        fixedRows.isEmpty ? nil : fixedRows[line]
    }

    /// Counts a row read from the input. Returns true when an earlier run finished it: it is then
    /// settled here (a failure goes to the new failed-rows file again) and must not be done.
    func read(_ row: SourceRow) throws(OutputError) -> Bool {
        summary.rows += 1
        guard ledger.isFinished(row.line) else { return false }
        summary.alreadyDone += 1
        if let problem = ledger.failures[row.line] {
            summary.alreadyFailed += 1
            try failedRows?.write(row, columns: reader.columns, problem: problem)
        }
        try tick(requested: false)
        return true
    }

    /// Records a row's outcome: its report line, its failed row, the counts and the progress.
    func record(_ outcome: RowOutcome, _ source: SourceRow) throws(OutputError) {
        if outcome.isQuiet {
            // Almost every row of a check: its line written from the outcome, with no report line made.
            try report.writeQuiet(line: outcome.line, key: outcome.key, action: outcome.action)
            count(outcome.action)
            summary.ok += 1
            return try tick(requested: false)
        }
        let line = outcome.reportLine
        try report.write(line)
        if !line.ok {
            if let failedRows {
                try failedRows.write(source, columns: reader.columns, problem: RowProblem(code: line.errorCode, message: line.errorMessage))
            }
            if publish != nil { unpublished.append(outcome) }
        } else if publishNotes, outcome.notePhrasing != nil {
            unpublished.append(outcome)
        }
        count(line.action)
        summary.record(line)
        try tick(requested: line.attempts > 0)
    }

    /// After a row: now and then (after a request, or every 64 rows without one), a checkpoint
    /// when 200 ms went by, and the counts for the progress.
    private func tick(requested: Bool) throws(OutputError) {
        sinceClock += 1
        guard sinceClock == 64 || requested else { return }
        sinceClock = 0
        let now = ContinuousClock.now
        if now - lastCheckpoint >= .milliseconds(200) { try checkpoint() }
        showCounts(now: now)
    }

    /// Hands the outcomes recorded since to the run's outcomes, once their report lines are flushed.
    private func publishOutcomes() {
        guard let publish, !unpublished.isEmpty else { return }
        publish.yield(unpublished)
        unpublished = []
    }

    /// Counts a row's action: into the run of rows with the same action before it.
    private func count(_ action: RowAction) {
        if action == lastAction?.action {
            lastAction?.count += 1
        } else {
            countLastAction()
            lastAction = (action, 1)
        }
    }

    private func countLastAction() {
        if let lastAction { summary.add(lastAction.action, count: lastAction.count) }
        lastAction = nil
    }

    /// Hands the counts so far to the progress, which passes them on when it is time to.
    private func showCounts(now: ContinuousClock.Instant = .now) {
        let now = (read: summary.rows, ok: summary.ok, failed: summary.failed, bytesRead: reader.bytesRead, at: now)
        progress.update(now: now.at) { counts in
            (counts.read, counts.ok, counts.failed, counts.bytesRead) = (now.read, now.ok, now.failed, now.bytesRead)
        }
    }

    /// Hands the report (the resume ledger) and the failed rows to the kernel: called before a
    /// row with the key of a finished one starts, and every 200 ms or so after a row.
    func checkpoint() throws(OutputError) {
        try report.flush()
        try failedRows?.flush()
        lastCheckpoint = .now
        publishOutcomes()
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
        showCounts()
        countLastAction()
        publishOutcomes()
        if problems.isEmpty {
            if control.state != .running { (summary.stopped, summary.stoppedPhrasing) = (control.reason, control.phrasing) }
        } else {
            summary.stopped = problems.joined(separator: "; ")
            // Words for the reading's stop alone; any other problem is said in the run's words.
            if problems.count == 1, let input = (failure as? InputError)?.placedPhrasing {
                summary.stoppedPhrasing = .stop(.reading, ["why": .phrase(input)])
            }
        }
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
