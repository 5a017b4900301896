import BatchKit
import Crypto
import Foundation
import LeatAPI
import Synchronization
import TextFormats

/// `import balances`, a ``BulkJob``: moves members' points into Leat, as credit receptions of
/// explicit credits (loyalty rules do not apply to a migration), each exactly once.
///
/// Before the first row: the shop (`--shop`, or the account's only one), the reference attribute
/// (created once), and, when cheaper than going row by row, the account's contacts with their
/// balances, so that a member whose balance already matches costs no request. Each reception
/// carries a reference that is the same for the same row of the same job (job id, line, email),
/// journaled before it leaves; after a lost answer, or on `--resume`, the member's receptions are
/// looked up before anything is sent again (``CreditSending``).
public final class ImportBalancesJob: BulkJob {
    public let command = "import balances"
    public let rowsPerBatch = 1
    public var read: ReadOptions { options.read }
    public var settings: RunSettings { options.run }
    private let options: BalanceOptions
    private let client: LeatClient
    private var validator: BalanceValidator?
    private var mode = BalanceMode.set
    private var jobID = ""
    private var unsure = LineSet()
    private var journal: SentJournal?
    private var notes: [String] = []
    private var checkRequests = 0

    public init(options: BalanceOptions, client: LeatClient) {
        self.options = options
        self.client = client
    }

    /// Runs the import over `input` (see ``JobRun/run()``).
    public static func run(input: String, options: BalanceOptions, client: LeatClient, control: RunControl = RunControl()) async throws
        -> RunSummary
    {
        try await JobRun(ImportBalancesJob(options: options, client: client), input: input, control: control).run()
    }

    public func prepare(_ setup: JobSetup) async throws -> BalanceSender {
        let validator = try BalanceValidator(columns: setup.reader.columns, options: options)
        self.validator = validator
        mode = validator.setsBalances ? .set : .add
        jobID = try options.jobID ?? Self.contentID(of: setup.input)
        let journalPath = SentJournal.path(forReport: options.run.reportPath(for: setup.input))
        unsure = options.run.resume ? try SentJournal.load(path: journalPath) : LineSet()
        journal = options.run.dryRun ? nil : try SentJournal(path: journalPath, append: options.run.resume)
        let check = BalanceCheck(
            client: client, runner: RequestRunner(limiter: setup.limiter, policy: options.run.retry, control: RunControl()))
        var shop = ""
        do {
            shop = try await check.shop(options.shop)
            notes.append(try await check.referenceAttribute(options.referenceAttribute, create: !options.run.dryRun))
        } catch let problem as BalanceCheck.Problem {
            setup.control.abort(reason: problem.message)
        }
        checkRequests += check.requests
        var members: ListedMembers?
        if setup.control.isRunning && options.changedOnly != .off {
            do {
                let listing = try await BalanceListing(
                    client: client, runner: setup.runner, control: setup.control, concurrency: options.run.concurrency
                )
                .decide(options.changedOnly, estimatedRows: setup.estimatedRows) { setup.show("listing contacts", $0, $1) }
                (members, checkRequests) = (
                    listing.members.map { ListedMembers(members: $0, fresh: listing.fresh) }, checkRequests + listing.requests
                )
                notes.append(listing.note)
            } catch let failure as PageFailure {
                setup.control.abort(
                    reason:
                        "listing the contacts failed at page \(failure.page): \(failure.message); \(Setting.changedOnly.mention("off")) goes row by row"
                )
            }
        }
        let settings = BalanceSender.Settings(
            mode: mode, shop: shop, referenceAttribute: options.referenceAttribute, noDebit: options.noDebit,
            createContacts: options.createContacts, dryRun: options.run.dryRun)
        return BalanceSender(client: client, runner: setup.runner, settings: settings, members: members)
    }

    public func admit(_ row: SourceRow, newColumns: [String]?) throws -> RowVerdict<BalanceItem> {
        if let newColumns { try validator!.update(columns: newColumns, renames: options.renames) }
        let (failed, skipped) = (RowAction.failed(dryRun: options.run.dryRun), RowAction.skipped(dryRun: options.run.dryRun))
        switch validator!.validate(row) {
        case .failure(let problem):
            return .settled(
                ReportLine(
                    line: row.line, key: validator!.key(of: row), action: failed, ok: false, errorCode: problem.code,
                    errorMessage: problem.message))
        case .success(nil):
            return .settled(
                ReportLine(
                    line: row.line, key: validator!.key(of: row), action: skipped, ok: true,
                    errorMessage: "the points cell is empty: nothing set"))
        case .success(let balance?):
            return .send(BalanceItem(row: balance, reference: "\(jobID):\(row.line):\(balance.email)", unsure: unsure.contains(row.line)))
        }
    }

    /// One row of a member at a time, in input order.
    public func key(_ batch: WorkBatch<BalanceItem>) -> String {
        batch.entries[0].item.row.email
    }

    public func willSend(_ batch: WorkBatch<BalanceItem>) throws {
        try journal?.record(batch.entries.map(\.source.line))
    }

    public func complete(_ summary: inout RunSummary, sender: BalanceSender) {
        summary.notes = notes + [sender.reconciliation.withLock { Self.reconciled($0, mode: mode, dryRun: options.run.dryRun) }]
        summary.requests = checkRequests + sender.requests
    }

    public func finished(_ summary: RunSummary) {
        if summary.stopped == nil { journal?.remove() }
    }

    /// The summary's reconciliation: what the file says against what Leat now holds.
    static func reconciled(_ books: Reconciliation, mode: BalanceMode, dryRun: Bool) -> String {
        let members = "\(grouped(books.members)) member\(books.members == 1 ? "" : "s")"
        if dryRun {
            return
                "would credit \(grouped(books.credited)) and debit \(grouped(books.debited)) points for \(members), \(grouped(books.credited - books.debited)) in all"
        }
        guard mode == .set else {
            return
                "the file adds \(grouped(books.filePoints)) points for \(members); \(grouped(books.credited - books.debited)) were received"
        }
        var text = "the file says \(grouped(books.filePoints)) points for \(members); Leat now holds \(grouped(books.leatPoints)) for them"
        if books.unknown > 0 { text += " (\(books.unknown) balance\(books.unknown == 1 ? "" : "s") not shown by Leat's answers)" }
        if !books.differing.isEmpty { text += "; members whose balance differs: " + books.differing.joined(separator: ", ") }
        return text
    }

    /// `4218000` as `4,218,000`.
    static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        let groups = stride(from: digits.count, to: 0, by: -3).map {
            digits[digits.index(digits.startIndex, offsetBy: max(0, $0 - 3))..<digits.index(digits.startIndex, offsetBy: $0)]
        }
        return (number < 0 ? "-" : "") + groups.reversed().joined(separator: ",")
    }

    /// The job id of a file: the first 12 hex digits of its contents' SHA-256, so that the same
    /// file is the same job (and its rows' references the same) however often it is run.
    static func contentID(of path: String) throws -> String {
        guard path != "-", let handle = FileHandle(forReadingAtPath: path) else { return "stdin" }
        defer { try? handle.close() }
        var hash = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hash.update(data: chunk) }
        return String(Hex.lower(hash.finalize()).prefix(12))
    }
}
