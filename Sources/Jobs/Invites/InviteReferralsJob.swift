import BatchKit
import CapillaryAPI
import TextFormats

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

/// `invite referrals`, a ``BulkJob``: checks each row's invite, and sends the valid ones to
/// Capillary in batches (one batch a slot of the window), grouped by referrer, campaign and type.
///
/// Exactly once: each batch's lines go to the ``SentJournal`` before its request leaves, so
/// `--resume` after a crash asks Capillary about them instead of sending them blindly again. The
/// journal is removed only once the report that settles its rows is on disk and the run was not stopped.
public struct InviteReferralsJob: BulkJob {
    public let command = "invite referrals"
    public var read: ReadOptions { options.read }
    public var settings: RunSettings { options.run }
    let options: InviteOptions
    let client: CapillaryClient

    public init(options: InviteOptions, client: CapillaryClient) {
        self.options = options
        self.client = client
    }

    /// Runs the invites over `input` (see ``JobRun/run()``).
    public static func run(
        input: String, options: InviteOptions, client: CapillaryClient,
        control: RunControl = RunControl()
    ) async throws -> RunSummary {
        try await JobRun(InviteReferralsJob(options: options, client: client), input: input, control: control).run()
    }

    package func prepare(_ setup: JobSetup) async throws -> PreparedInvites {
        let mapping = try InviteMapping(
            columns: setup.reader.columns, renames: options.renames, hasDefaultType: options.type != nil,
            hasDefaultCampaign: options.campaignToken != nil, strict: setup.reader.columnsKnownUpFront)
        let journalPath = SentJournal.path(forReport: options.run.reportPath(for: setup.input))
        return PreparedInvites(
            options: options,
            validator: InviteValidator(mapping: mapping, defaultType: options.type?.uppercased(), defaultCampaign: options.campaignToken),
            unsure: options.run.resume ? try SentJournal.load(path: journalPath) : LineSet(),
            journal: options.run.dryRun ? nil : try SentJournal(path: journalPath, append: options.run.resume),
            sender: InviteSender(client: client, runner: setup.runner, dryRun: options.run.dryRun))
    }
}

/// `invite referrals` with its columns mapped and its sent journal open.
package struct PreparedInvites: PreparedJob {
    /// An invite on its way to Capillary.
    package struct Item: Sendable {
        var row: InviteRow
        /// An earlier run recorded it as sent but not its outcome: ask Capillary before sending.
        var unsure: Bool
    }

    package var rowsPerBatch: Int { options.batchSize }
    let options: InviteOptions
    var validator: InviteValidator
    /// Rows an earlier run sent without recording their outcome, and this run's journal.
    let unsure: LineSet
    let journal: SentJournal?
    package let sender: InviteSender

    package mutating func admit(_ row: SourceRow, newColumns: [String]?) throws -> RowVerdict<Item> {
        if let newColumns { try validator.update(columns: newColumns) }
        let dryRun = options.run.dryRun
        switch validator.validate(row) {
        case .send(let invite):
            return .send(Item(row: invite, unsure: unsure.contains(row.line)))
        case .skip(let invite, let first):
            return .settled(
                RowOutcome(
                    line: row.line, key: invite.key, action: dryRun ? .wouldSkip : .skipped,
                    note: "the same invite as line \(first); not sent twice", notePhrasing: .note(.sameInvite, ["line": "\(first)"])))
        case .reject(let key, let problem):
            return .settled(
                RowOutcome(line: row.line, key: key, action: .failed(dryRun: dryRun), problem: problem))
        }
    }

    /// Batches never share a row: any two may be in flight together.
    package func key(_ batch: WorkBatch<Item>) -> String {
        String(batch.number)
    }

    package func willSend(_ batch: WorkBatch<Item>) throws {
        try journal?.record(batch.entries.map(\.source.line))
    }

    package func complete(_ summary: inout RunSummary) {
        // A batch's retries are every row's: count them once.
        summary.requests = sender.requests
        summary.retries = sender.retries
    }

    package func finished(_ summary: RunSummary) {
        if summary.stopped == nil { journal?.remove() }
    }
}
