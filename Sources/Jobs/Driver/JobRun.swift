import BatchKit

/// What may be done to a run from elsewhere (Ctrl-C, a web page): watch its progress and its
/// rows' outcomes, stop it.
package struct JobHandle: Sendable {
    /// The run's progress, until its last event (``JobProgress/finished``). Only the newest event
    /// waits for a slow reader.
    package let progress: AsyncStream<JobProgress>
    /// The outcomes the run was asked to publish (``PublishedOutcomes``), in batches as the report
    /// is flushed, every one of them: a sink beside the report (the desk's database) reads them
    /// here. Ends with the run; empty when it publishes none.
    package let outcomes: AsyncStream<[RowOutcome]>
    package let control: RunControl

    /// Takes no new rows; the rows in flight finish and are recorded, so `--resume` goes on.
    /// Returns false when the run was stopping already.
    @discardableResult
    package func stop(reason: String) -> Bool { control.drain(reason: reason) }

    /// Sends nothing more; rows in flight are abandoned before their next request, unrecorded.
    @discardableResult
    package func abort(reason: String) -> Bool { control.abort(reason: reason) }
}

/// Runs one ``BulkJob`` over one input: reads the rows, validates them through the job, sends
/// them in the ``RowEngine``'s sliding window under one rate limiter and retry policy, and
/// records every row's outcome in the report (the resume ledger) and the failed-rows file.
///
/// Every path ends the same way: the report written so far is synced to disk and the summary
/// completed. A stop partway (a write that failed, the input unreadable from some line on) is said
/// in the summary's `stopped` (exit 3) when anything was sent, and thrown (exit 2) when nothing was.
/// Which rows' outcomes a run publishes on its ``JobHandle/outcomes`` besides writing its report.
package enum PublishedOutcomes: Sendable {
    case none
    /// The rows that failed (or, in a check, are invalid): the rows to fix.
    case failures
    /// Those, and the rows that went (or would) with a note that has a phrase: what a preview shows.
    case failuresAndNotes
}

package struct JobRun<Job: BulkJob> {
    package let job: Job
    package let input: String
    package let handle: JobHandle
    /// The rate limiter the run's requests go through: its own unless one is shared with other
    /// runs on the same credential (the desk's imports).
    private let limiter: RateLimiter?
    private let continuation: AsyncStream<JobProgress>.Continuation
    /// Where the published outcomes go; nil when none are.
    private let outcomes: AsyncStream<[RowOutcome]>.Continuation?
    private let publishesNotes: Bool

    package init(
        _ job: Job, input: String, control: RunControl = RunControl(), limiter: RateLimiter? = nil, publishing: PublishedOutcomes = .none
    ) {
        self.job = job
        self.input = input
        self.limiter = limiter
        let (progress, continuation) = AsyncStream.makeStream(of: JobProgress.self, bufferingPolicy: .bufferingNewest(1))
        let (outcomes, published) = AsyncStream.makeStream(of: [RowOutcome].self)
        if publishing == .none { published.finish() }
        handle = JobHandle(progress: progress, outcomes: outcomes, control: control)
        self.continuation = continuation
        self.outcomes = publishing == .none ? nil : published
        publishesNotes = publishing == .failuresAndNotes
    }

    /// Runs the job to its end or its stop. Throws ``InputError`` or `MappingError` for an input
    /// that cannot be read or mapped before anything was sent (exit 2).
    package func run() async throws -> RunSummary {
        let feed = ProgressFeed(continuation)
        defer {
            feed.finish()
            outcomes?.finish()
        }
        let control = handle.control
        let settings = job.settings
        let (reader, style) = try Self.open(input, job: job)
        // NDJSON has no header: its first row's keys stand for one, mapped before anything is sent.
        let first = try reader.next()
        let limiter = limiter ?? RateLimiter(mode: settings.rate)
        let runner = RequestRunner(limiter: limiter, policy: settings.retry, control: control)
        let prepared = try await job.prepare(
            JobSetup(
                input: input, reader: reader, estimatedRows: Self.estimatedRows(reader, first: first), runner: runner, limiter: limiter,
                control: control, show: { feed.show(phase: $0, page: $1, of: $2) }))
        feed.show(phase: nil)
        let sender = prepared.sender
        feed.requests = { sender.requests }
        let recorder = try RunRecorder(
            command: job.command, input: input, reader: reader, style: style, settings: settings, progress: feed, publish: outcomes,
            publishNotes: publishesNotes, fixedRows: job.read.fixedRows)

        var intake = RowIntake(prepared: prepared, first: first, recorder: recorder, control: control)
        func next() async throws -> WorkBatch<Job.Prepared.Item>? {
            while true {
                switch try intake.next(settlingAtMost: Self.settledBetweenYields) {
                case .batch(let batch): return batch
                case .end: return nil
                // Rows that need no request (a check's) leave the thread to others now and then.
                case .settledMany: await Task.yield()
                }
            }
        }

        var failure: (any Error)?
        do {
            try await RowEngine(concurrency: settings.concurrency).run(
                control: control,
                retryWaits: runner.retryWaits,
                next: next,
                key: { intake.prepared.key($0) },
                perform: { batch in await sender.perform(batch) },
                finish: { batch, outcomes in
                    for (entry, outcome) in zip(batch.entries, outcomes) {
                        if let outcome { try recorder.record(outcome, entry.source) }
                    }
                },
                checkpoint: recorder.checkpoint)
        } catch {
            // A write that failed, or the input unreadable from some line on (an unclosed quote at
            // the end, a new NDJSON key that maps to a second email): the rows before it are done.
            failure = error
        }
        var summary = recorder.finish(control: control, failure: failure)
        // Nothing sent: a plain input error (exit 2), with the report of the rows checked before it.
        if let failure, !(failure is OutputError), sender.requests == 0 { throw failure }
        intake.prepared.complete(&summary)
        intake.prepared.finished(summary)
        return summary
    }

    /// The input, parsed ahead on a thread of its own when the job asks for it, and how its rows
    /// to fix are written: as it was (its delimiter, its byte order mark).
    private static func open(_ input: String, job: Job) throws -> (any RowReader, FailedRowsWriter.Style) {
        guard job.readsAhead else {
            let opened = try openRowReader(path: input, options: job.read)
            return (opened, FailedRowsWriter.Style.matching(opened, path: job.settings.failedRowsPath))
        }
        let opened = try openRowReader(path: input, options: job.read)
        let style = FailedRowsWriter.Style.matching(opened, path: job.settings.failedRowsPath)
        return (ReadAheadReader(opened), style)
    }

    /// Rows settled without a request between two yields of the thread.
    static var settledBetweenYields: Int { 4096 }

    /// The input's rows: as it says (a workbook's dimension), else its size over the first row's.
    private static func estimatedRows(_ reader: any RowReader, first: SourceRow?) -> Int? {
        reader.estimatedRows
            ?? reader.totalBytes.map { total in
                let bytes = (first?.values.reduce(0) { $0 + $1.utf8.count + 1 } ?? 1) * (reader.columnsKnownUpFront ? 1 : 2)
                return max(1, total / max(8, bytes))
            }
    }
}
