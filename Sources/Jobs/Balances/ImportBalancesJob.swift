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
public struct ImportBalancesJob: BulkJob {
    public let command = "import balances"
    public var read: ReadOptions { options.read }
    public var settings: RunSettings { options.run }
    private let options: BalanceOptions
    private let client: LeatClient

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

    package func prepare(_ setup: JobSetup) async throws -> PreparedBalances {
        let validator = try BalanceValidator(columns: setup.reader.columns, options: options)
        let mode = validator.setsBalances ? BalanceMode.set : .add
        let jobID = try options.jobID ?? Self.contentID(of: setup.input)
        let journalPath = SentJournal.path(forReport: options.run.reportPath(for: setup.input))
        let unsure = options.run.resume ? try SentJournal.load(path: journalPath) : LineSet()
        let journal = options.run.dryRun ? nil : try SentJournal(path: journalPath, append: options.run.resume)
        var (notes, checkRequests): ([String], Int) = ([], 0)
        let check = BalanceCheck(
            client: client, runner: RequestRunner(limiter: setup.limiter, policy: options.run.retry, control: RunControl()))
        var shop = ""
        do {
            shop = try await check.shop(options.shop)
            notes.append(try await check.referenceAttribute(options.referenceAttribute, create: !options.run.dryRun))
        } catch let problem as BalanceCheck.Problem {
            setup.control.abort(reason: problem.message, phrasing: problem.phrasing)
        }
        checkRequests += check.requests
        var members: ListedMembers?
        if setup.control.isRunning && options.changedOnly != .off {
            do {
                let listing = try await BalanceListing(
                    client: client, runner: setup.runner, control: setup.control, concurrency: options.run.concurrency
                )
                .decide(options.changedOnly, estimatedRows: setup.estimatedRows, startedAt: options.run.now()) {
                    setup.show(.listingContacts, $0, $1)
                }
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
        return PreparedBalances(
            options: options, validator: validator, jobID: jobID, unsure: unsure, journal: journal, notes: notes,
            checkRequests: checkRequests, sender: BalanceSender(client: client, runner: setup.runner, settings: settings, members: members))
    }

    /// The summary's reconciliation: what the file says against what Leat now holds.
    static func reconciled(_ books: PointsBooks) -> String {
        let members = "\(grouped(books.members)) member\(books.members == 1 ? "" : "s")"
        if books.dryRun {
            return
                "would credit \(grouped(books.credited)) and debit \(grouped(books.debited)) points for \(members), \(grouped(books.credited - books.debited)) in all"
        }
        guard books.setsBalances else {
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
