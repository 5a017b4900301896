import ArgumentParser
import BatchKit
import Jobs
import LeatAPI
import Sandbox

/// `loyalty-batch import …`
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import into Leat.",
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
    @OptionGroup var run: RunOptions

    @Option(help: "upsert (find-or-create, then update attributes) or create (POST; existing contacts fail with 60005).")
    var mode: ImportMode = .upsert

    @Option(help: "Read the Leat token from this file instead of LEAT_API_TOKEN.")
    var tokenFile: String?

    func run() async throws {
        var options = ImportOptions()
        options.read = input.readOptions
        options.mapping = input.mappingOptions
        options.mode = mode
        options.concurrency = run.concurrency
        options.rate = run.rateMode
        options.retry = RetryPolicy(maxAttempts: run.maxAttempts)
        options.reportPath = run.report
        options.failedRowsPath = run.failedRows
        options.resume = run.resume
        options.dryRun = run.dryRun
        options.progress = run.progressStyle

        var sandbox: RunningSandbox?
        let configuration: LeatConfiguration
        do {
            if run.sandbox {
                let defaults = SandboxConfiguration()
                let started = try await SandboxServer.start(configuration: defaults)
                sandbox = started
                configuration = try LeatConfiguration(baseURL: started.leatBaseURL, token: defaults.leatTokens[0])
                if !run.quiet { printError("sandbox: \(started.url) (in this process; it stops when the import ends)") }
            } else {
                configuration = try LeatConfiguration.fromEnvironment(tokenFile: tokenFile)
            }
        } catch {
            printError("error: \(error)")
            throw ExitCode(2)
        }
        let client = LeatClient(configuration: configuration, concurrency: run.concurrency)
        let control = RunControl()
        let interrupts = Interrupts(control: control)
        let result: Result<RunSummary, any Error>
        do {
            result = .success(try await ImportContactsJob.run(input: file, options: options, client: client, control: control))
        } catch {
            result = .failure(error)
        }
        interrupts.cancel()
        try? await client.shutdown()
        await sandbox?.stop()
        try finish(result, quiet: run.quiet, summaryJSON: run.summaryJson)
    }
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
