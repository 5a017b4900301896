import ArgumentParser
import Jobs
import LeatAPI

/// `loyalty-batch import …`
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import into Leat.",
        discussion: "Example: loyalty-batch import contacts examples/contacts-nl.csv --sandbox --map 'E-mailadres=email'",
        subcommands: [ImportContacts.self, ImportBalances.self]
    )
}

/// `loyalty-batch import contacts FILE`
struct ImportContacts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts",
        abstract: "Create or update a Leat contact for every row of a CSV or NDJSON file.",
        discussion: """
            Before the first row: GET contact-attributes. A mapped column that is no writable attribute stops the import (exit 2) with the closest names, unless --create-attributes; each value is checked against its attribute's type (a failed row: invalid-value), dates become ISO 8601 (--date-order).

            Per row: GET contacts/find-or-create/async, then PUT the row's attributes (when it has any). With --mode create, or a referral_code column: POST contacts/async instead (a contact that exists already is a failed row, 60005). Every row gets one line in the report; failed rows also go to the failed-rows file, ready to fix and import again.

            Leat: LEAT_API_URL (default https://api.piggy.eu/api/v3/oauth/clients) and LEAT_API_TOKEN, or --token-file. Exit codes: 0 all rows ok, 1 some failed, 2 usage or unreadable input, 3 stopped (bad token, usage limit, API down, Ctrl-C): --resume goes on.

            Examples:
              loyalty-batch import contacts examples/contacts-nl.csv --sandbox \\
                --map 'E-mailadres=email' --map 'Voornaam=firstname'
              LEAT_API_TOKEN=… loyalty-batch import contacts klanten.csv --rate 50 --dry-run
            """
    )

    @Argument(help: "The CSV or NDJSON file to import (- for standard input).")
    var file: String

    @OptionGroup var input: InputOptions
    @OptionGroup var mapping: ContactMappingOptions
    @OptionGroup var run: RunOptions

    @Option(help: "upsert (find-or-create, then update attributes) or create (POST; existing contacts fail with 60005).")
    var mode: ImportMode = .upsert

    @Option(
        help: ArgumentHelp(
            "How long to try a row's attributes again while Leat has not made the contact its async endpoint gave (55031).",
            valueName: "seconds"))
    var asyncWait = 10.0

    @Flag(
        help:
            "Create mapped columns that are not Leat contact attributes as text attributes (printed), rather than stopping before the first row."
    )
    var createAttributes = false

    @Option(help: "How dates that do not start with the year are read for date attributes: dmy (31-12-1990), mdy (12/31/1990) or ymd.")
    var dateOrder: DateOrder = .dmy

    @Option(
        help:
            "List the account's contacts first and send only what changed: on, off (2 requests a row), or auto (whichever costs fewer requests)."
    )
    var changedOnly: ChangedOnly = .auto

    @Option(help: "Read the Leat token from this file instead of LEAT_API_TOKEN.", completion: .file())
    var tokenFile: String?

    func validate() throws {
        if !(0...600).contains(asyncWait) { throw ValidationError("--async-wait must be between 0 and 600 seconds") }
    }

    func run() async throws {
        var options = ImportOptions()
        options.read = input.readOptions
        options.mapping = mapping.mappingOptions
        options.mode = mode
        options.asyncWait = .seconds(asyncWait)
        options.createAttributes = createAttributes
        options.dateOrder = dateOrder
        options.changedOnly = changedOnly
        options.run = run.settings

        let sandbox = run.sandbox ? try await startSandbox(quiet: run.quiet) : nil
        let configuration = try await configured(sandbox) { try leatConfiguration(sandbox, tokenFile: tokenFile) }
        try await runBulkJob(run, sandbox: sandbox) { control in
            try await withLeatClient(configuration: configuration, concurrency: run.network.concurrency, timeout: run.network.timeout) {
                client in
                try await showingProgress(
                    JobRun(ImportContactsJob(options: options, client: client), input: file, control: control), quiet: run.quiet)
            }
        }
    }
}

extension ImportMode: ExpressibleByArgument {}
extension DateOrder: ExpressibleByArgument {}
extension ChangedOnly: ExpressibleByArgument {}
