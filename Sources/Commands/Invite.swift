import ArgumentParser
import BatchKit
import CapillaryAPI
import Jobs

/// `loyalty-batch invite …`
struct Invite: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Send invites through Capillary.",
        discussion: "Example: loyalty-batch invite referrals examples/referrals.csv --sandbox",
        subcommands: [InviteReferrals.self]
    )
}

/// `loyalty-batch invite referrals FILE`
struct InviteReferrals: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "referrals",
        abstract: "Send a Capillary referral invite for every row of a CSV or NDJSON file, many per request.",
        discussion: """
            Columns (by these names, or --map 'Column=field'): referrer_mobile or referrer_email, identifier (the invitee's mobile or email), name, type (MOBILE or EMAIL, or --type), campaign_token (or --campaign-token), invited_on (ISO 8601; default now). Invites go out in batches of --batch-size, grouped by referrer, campaign and type; each invite's own status (e.g. 1701 Invalid Identifier for the type) goes to its row's report line. Rows Capillary would refuse for their shape (1206, 1701) fail before any call.

            Each invite is sent at most once: a batch is written to <report>.sent before it leaves, and after a lost answer (or with --resume after a crash) the referrer's invitees are looked up before anything is sent again.

            Capillary: CAPILLARY_API_URL, and CAPILLARY_USERNAME with CAPILLARY_PASSWORD (or --password-file), or CAPILLARY_OAUTH_TOKEN. Exit codes as for import: 0, 1 some rows failed, 2 usage, 3 stopped (--resume goes on).

            Examples:
              loyalty-batch invite referrals examples/referrals.csv --sandbox
              loyalty-batch invite referrals invites.csv --type MOBILE --rate 10
            """
    )

    @Argument(help: "The CSV or NDJSON file of invites (- for standard input).")
    var file: String

    @OptionGroup var input: InputOptions

    @Option(
        name: .customLong("map"),
        help: ArgumentHelp(
            "Map a column to a field: 'Column=field', fields referrer_mobile, referrer_email, identifier, name, type, campaign_token, invited_on; 'Column=-' leaves it out. Repeatable.",
            valueName: "Column=field"))
    var maps: [String] = []

    @Option(help: "The type of rows without one.")
    var type: InviteType?

    @Option(help: "The campaign token of rows without one.")
    var campaignToken: String?

    @Option(help: "Invites per request at most.")
    var batchSize = 50

    @OptionGroup var run: RunOptions

    @Option(help: "Read the Capillary password from this file instead of CAPILLARY_PASSWORD.", completion: .file())
    var passwordFile: String?

    func validate() throws {
        try validateMaps(maps, example: "--map 'Vriend=identifier'")
        if batchSize < 1 || batchSize > 1000 { throw ValidationError("--batch-size must be between 1 and 1000") }
    }

    func run() async throws {
        var options = InviteOptions()
        options.read = input.readOptions
        options.renames = maps.compactMap(ColumnNames.parseRename)
        options.type = type?.rawValue
        options.campaignToken = campaignToken
        options.batchSize = batchSize
        options.run = run.settings

        let sandbox = run.sandbox ? try await startSandbox(quiet: run.quiet) : nil
        let configuration = try await configured(sandbox) { try capillaryConfiguration(sandbox, passwordFile: passwordFile) }
        try await runBulkJob(run, sandbox: sandbox) { control in
            try await withCapillaryClient(configuration: configuration, concurrency: run.network.concurrency, timeout: run.network.timeout)
            { client in
                try await showingProgress(
                    JobRun(InviteReferralsJob(options: options, client: client), input: file, control: control), quiet: run.quiet)
            }
        }
    }
}

/// What `--type` takes, in either case: the invitee's identifier is a mobile number or an email.
enum InviteType: String, CaseIterable, ExpressibleByArgument {
    case mobile = "MOBILE"
    case email = "EMAIL"

    init?(argument: String) {
        self.init(rawValue: argument.uppercased())
    }
}
