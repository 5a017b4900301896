import ArgumentParser
import BatchKit
import Jobs
import LeatAPI
import Sandbox

/// `loyalty-batch import …`
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import into Leat.",
        discussion: "Example: loyalty-batch import contacts examples/contacts-nl.csv --sandbox --map 'E-mailadres=email'",
        subcommands: [ImportContacts.self]
    )
}

/// `loyalty-batch import contacts FILE`
struct ImportContacts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts",
        abstract: "Create or update a Leat contact for every row of a CSV or NDJSON file.",
        discussion: """
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

    @Option(help: "Read the Leat token from this file instead of LEAT_API_TOKEN.")
    var tokenFile: String?

    func run() async throws {
        var options = ImportOptions()
        options.read = input.readOptions
        options.mapping = mapping.mappingOptions
        options.mode = mode
        options.run = run.settings

        let sandbox = run.sandbox ? try await startSandbox(quiet: run.quiet) : nil
        let client: LeatClient
        do {
            let configuration = try sandbox.map { try LeatConfiguration(baseURL: $0.leatBaseURL, token: SandboxConfiguration().leatTokens[0]) }
                ?? LeatConfiguration.fromEnvironment(tokenFile: tokenFile)
            client = LeatClient(configuration: configuration, concurrency: run.concurrency)
        } catch {
            printError("error: \(error)")
            await sandbox?.stop()
            throw ExitCode(2)
        }
        try await runBulkJob(run, sandbox: sandbox, shutdown: client.shutdown) { control in
            try await ImportContactsJob.run(input: file, options: options, client: client, control: control)
        }
    }
}

/// Starts the sandbox in this process for `--sandbox` (exit 2 when it cannot listen), with 100
/// Capillary customers to refer from (mobiles 9190000000001–9190000000100, emails
/// customer1@example.com …) and `contacts` generated Leat contacts.
func startSandbox(quiet: Bool, contacts: Int = 0) async throws -> RunningSandbox {
    do {
        var configuration = SandboxConfiguration()
        configuration.seedCustomers = 100
        configuration.seedContacts = contacts
        let sandbox = try await SandboxServer.start(configuration: configuration)
        if !quiet { printError("sandbox: \(sandbox.url) (in this process; it stops when the run ends)") }
        return sandbox
    } catch {
        printError("error: cannot start the sandbox: \(error)")
        throw ExitCode(2)
    }
}

/// Runs a bulk job with Ctrl-C handling, then closes its client and sandbox, prints the summary
/// and exits with the job's code.
func runBulkJob(_ run: RunOptions, sandbox: RunningSandbox?, shutdown: () async throws -> Void,
                _ job: (RunControl) async throws -> RunSummary) async throws {
    try finish(await runWithInterrupts(sandbox: sandbox, shutdown: shutdown, job), quiet: run.quiet, summaryJSON: run.summaryJson)
}

/// Runs `job` with Ctrl-C handling (the first drains, a second quits), then closes its client and
/// sandbox.
func runWithInterrupts<Summary>(sandbox: RunningSandbox?, shutdown: () async throws -> Void,
                                _ job: (RunControl) async throws -> Summary) async -> Result<Summary, any Error> {
    let control = RunControl()
    let interrupts = Interrupts(control: control)
    let result: Result<Summary, any Error>
    do {
        result = .success(try await job(control))
    } catch {
        result = .failure(error)
    }
    interrupts.cancel()
    try? await shutdown()
    await sandbox?.stop()
    return result
}

/// Prints a bulk run's summary (or its error), writes the JSON summary, and exits with the code.
func finish(_ result: Result<RunSummary, any Error>, quiet: Bool, summaryJSON: String?) throws {
    let summary: RunSummary
    switch result {
    case .success(let value): summary = value
    case .failure(let error):
        printError("error: \(error)")
        throw ExitCode(error is OutputError ? 3 : 2)
    }
    for warning in summary.warnings { printError("warning: \(warning)") }
    if !quiet || summary.stopped != nil { print(summary.text) }
    if let summaryJSON {
        do {
            try summary.write(toJSON: summaryJSON)
        } catch {
            printError("error: \(error)")
        }
    }
    throw ExitCode(summary.exitCode)
}

extension ImportMode: ExpressibleByArgument {}
