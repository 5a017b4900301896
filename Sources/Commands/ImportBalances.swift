import ArgumentParser
import BatchKit
import Jobs
import LeatAPI

/// `loyalty-batch import balances FILE`
struct ImportBalances: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "balances",
        abstract: "Move members' points balances into Leat, each exactly once (a migration off a legacy loyalty system).",
        discussion: """
            Columns: the email, and the points: --map COLUMN=balance (the balance to reach) or --map COLUMN=credits (points to add); optionally --map COLUMN=reference (the legacy system's id, kept in the report). Points read as Dutch, German and English spreadsheets write them (1.234, 1,234, 1 234); a cell that could be read two ways, or is not a whole number, fails its row (ambiguous-points, invalid-value); an empty cell sets nothing (skipped).

            --mode set (the default with a balance column): a member whose Leat balance is the file's costs no request; otherwise one credit reception of the difference (a negative one takes points off, unless --no-debit fails such rows: would-debit). --mode add (the default with credits): the file's points are added. Receptions carry explicit credits (loyalty rules do not apply), the member and the shop (--shop, or the account's only shop).

            Exactly once: each reception carries a reference (job, line, email) in the loyalty-transaction attribute --reference-attribute, created once. The job is the file's contents unless --job-id says otherwise: the same file run again is the same job. The line is journaled before the request leaves; after a lost answer, a timeout, a 5xx or 60001, and on --resume, the member's receptions are looked up first (and, in set mode, the balance read again), and the reception is sent again only when neither shows it. Members not in Leat fail (contact-not-found) unless --create-contacts.

            The summary reconciles: the file's points for the members settled against what Leat now holds for them, naming members that differ.

            Examples:
              loyalty-batch import balances examples/legacy-points.csv --sandbox --map E-mailadres=email --map Saldo=balance --dry-run
              loyalty-batch run templates/migrate-balances.yml --resume
            """
    )

    @Argument(help: "The CSV, NDJSON or Excel file of balances (- for standard input).")
    var file: String

    @OptionGroup var input: InputOptions
    @OptionGroup var run: RunOptions

    @Option(
        name: .customLong("map"),
        help: ArgumentHelp(
            "Map a column: 'Column=target', target email, balance, credits, reference, or - to leave it out. Repeatable.",
            valueName: "Column=target"))
    var maps: [String] = []

    @Option(help: "set (reach the file's balance) or add (add the file's points); default: set with a balance column, add with credits.")
    var mode: BalanceMode?

    @Flag(help: "Fail rows that would take points off (would-debit) instead of sending a negative reception.")
    var noDebit = false

    @Option(
        help: ArgumentHelp(
            "The shop the points are received in, by uuid or name (default: the account's only shop).", valueName: "uuid|name"))
    var shop: String?

    @Flag(help: "Create members that are not in Leat (find-or-create) instead of failing their rows (contact-not-found).")
    var createContacts = false

    @Option(
        help: ArgumentHelp(
            "The loyalty-transaction attribute that carries each reception's reference (created as text when missing).", valueName: "name"))
    var referenceAttribute = "loyalty_batch_ref"

    @Option(
        help: ArgumentHelp(
            "The job's part of every reference (default: from the file's contents, so the same file is the same job).", valueName: "id"))
    var jobID: String?

    @Option(help: "List the account's contacts and balances first: on, off (member by member), or auto (whichever costs fewer requests).")
    var changedOnly: ChangedOnly = .auto

    @Option(help: "Read the Leat token from this file instead of LEAT_API_TOKEN.", completion: .file())
    var tokenFile: String?

    func validate() throws {
        try validateMaps(maps, example: "--map 'Saldo=balance'")
        if let jobID, jobID.isEmpty || jobID.contains(":") || jobID.count > 64 {
            throw ValidationError("--job-id is 1 to 64 characters without ':'")
        }
    }

    func run() async throws {
        var options = BalanceOptions()
        options.read = input.readOptions
        options.renames = maps.compactMap(ColumnNames.parseRename)
        options.mode = mode
        options.noDebit = noDebit
        options.shop = shop
        options.createContacts = createContacts
        options.referenceAttribute = referenceAttribute
        options.jobID = jobID
        options.changedOnly = changedOnly
        options.run = run.settings

        let sandbox = run.sandbox ? try await startSandbox(quiet: run.quiet, contacts: 200) : nil
        let configuration = try await configured(sandbox) { try leatConfiguration(sandbox, tokenFile: tokenFile) }
        try await runBulkJob(run, sandbox: sandbox) { control in
            try await withLeatClient(configuration: configuration, concurrency: run.network.concurrency, timeout: run.network.timeout) {
                client in
                try await showingProgress(
                    JobRun(ImportBalancesJob(options: options, client: client), input: file, control: control), quiet: run.quiet)
            }
        }
    }
}

extension BalanceMode: ExpressibleByArgument {}
