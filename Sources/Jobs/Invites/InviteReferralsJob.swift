import BatchKit
import CapillaryAPI

/// What `loyalty-batch invite referrals` is told.
public struct InviteOptions: Sendable {
    public var read = ReadOptions()
    /// `--map 'Column=field'` pairs, fields as in ``InviteField``.
    public var renames: [(column: String, target: String)] = []
    /// `--type`: for rows without a type.
    public var type: String?
    /// `--campaign-token`: for rows without one.
    public var campaignToken: String?
    /// Invites per request at most (`--batch-size`).
    public var batchSize = 50
    public var run = RunSettings()

    public init() {}
}

/// `invite referrals`: reads and checks the file, and sends the valid invites to Capillary in
/// batches, in the ``RowEngine``'s sliding window (one batch per slot), recording every row's
/// outcome in the report.
///
/// Exactly once: each batch's lines go to the ``SentJournal`` before its request leaves, so
/// `--resume` after a crash asks Capillary about them instead of sending them blindly again.
public enum InviteReferralsJob {
    /// Runs the job. Throws ``InputError`` or ``MappingError`` for a file that cannot be read
    /// (exit 2); a job-fatal stop is not thrown but said in the summary's `stopped` (exit 3).
    public static func run(input: String, options: InviteOptions, client: CapillaryClient,
                           control: RunControl = RunControl()) async throws -> RunSummary {
        let reader = try openRowReader(path: input, options: options.read)
        let mapping = try InviteMapping(columns: reader.columns, renames: options.renames, hasDefaultType: options.type != nil,
                                        hasDefaultCampaign: options.campaignToken != nil, strict: reader.columnsKnownUpFront)
        var validator = InviteValidator(mapping: mapping, defaultType: options.type?.uppercased(), defaultCampaign: options.campaignToken)
        let recorder = try RunRecorder(command: "invite referrals", input: input, reader: reader, settings: options.run)
        let dryRun = options.run.dryRun
        let journalPath = SentJournal.path(forReport: recorder.summary.report)
        let unsure = options.run.resume ? try SentJournal.load(path: journalPath) : LineSet()
        let journal = dryRun ? nil : try SentJournal(path: journalPath, append: options.run.resume)
        let runner = RequestRunner(limiter: RateLimiter(mode: options.run.rate), policy: options.run.retry, control: control)
        let sender = InviteSender(client: client, runner: runner, dryRun: dryRun)

        var batches = 0
        func next() throws -> InviteBatch? {
            var items: [InviteBatch.Item] = []
            while items.count < options.batchSize, let (row, newColumns) = try recorder.nextRow() {
                if let newColumns { try validator.update(columns: newColumns) }
                let verdict = validator.validate(row)
                if try recorder.read(row) { continue }
                switch verdict {
                case .send(let invite):
                    items.append(InviteBatch.Item(source: row, row: invite, unsure: unsure.contains(row.line)))
                case .skip(let invite, let first):
                    try recorder.record(ReportLine(line: row.line, key: invite.key, action: dryRun ? "would-skip" : "skipped", ok: true,
                                                   errorMessage: "the same invite as line \(first); not sent twice"), row)
                case .reject(let key, let problem):
                    try recorder.record(ReportLine(line: row.line, key: key, action: dryRun ? "would-fail" : "failed", ok: false,
                                                   errorCode: problem.code, errorMessage: problem.message), row)
                }
            }
            guard !items.isEmpty else { return nil }
            try journal?.record(items.map(\.source.line))
            batches += 1
            return InviteBatch(number: batches, items: items)
        }

        var failure: (any Error)?
        do {
            try await RowEngine(concurrency: options.run.concurrency).run(
                control: control,
                retryWaits: runner.retryWaits,
                next: next,
                key: { String($0.number) },
                perform: { batch in await sender.perform(batch) },
                finish: { batch, lines in
                    for (item, line) in zip(batch.items, lines) {
                        if let line { try recorder.record(line, item.source) }
                    }
                },
                checkpoint: recorder.checkpoint)
        } catch {
            // A write that failed, or the input unreadable from some line on: the rows before it are done.
            failure = error
        }
        var summary = recorder.finish(control: control, failure: failure)
        // Nothing sent: a plain input error (exit 2), with the report of the rows checked before it.
        if let failure, !(failure is OutputError), sender.requests.load(ordering: .relaxed) == 0 { throw failure }
        // A batch's retries are every row's: count them once.
        summary.requests = sender.requests.load(ordering: .relaxed)
        summary.retries = sender.retries.load(ordering: .relaxed)
        if summary.stopped == nil { journal?.remove() }
        return summary
    }
}
