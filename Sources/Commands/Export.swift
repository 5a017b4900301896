import ArgumentParser
import BatchKit
import Jobs
import LeatAPI

/// `loyalty-batch export contacts|referrals|tiers|transactions`
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export a Leat list (contacts, referrals, tiers or loyalty transactions) to CSV, NDJSON or an Excel workbook.",
        discussion: """
            Pages are fetched --concurrency at a time and written in order, de-duplicated by uuid. The output is written to a temporary file beside it and renamed into place only when complete: a failed export (exit 3) leaves an earlier file untouched. A manifest (PATH.manifest.json) says the entity, filters, row count, SHA-256 of the file, start and finish.

            Examples:
              loyalty-batch export contacts --output contacts.csv --sandbox
              loyalty-batch export contacts -o nightly.csv --state nightly.json --bom
              loyalty-batch export referrals --status completed --format ndjson --output -
              loyalty-batch export transactions --since 2026-11-01T00:00:00Z --until 2026-12-01T00:00:00Z -o november.xlsx
            """,
        subcommands: [ExportContacts.self, ExportReferrals.self, ExportTiers.self, ExportTransactions.self]
    )
}

/// What every export takes: where to write and how, the requests, the account.
struct ExportListOptions: ParsableArguments {
    @Option(name: [.short, .long], help: "The file to write (- for standard output).", completion: .file())
    var output: String

    @Option(help: "csv, ndjson or xlsx (an Excel workbook) (default: by the output's extension, else csv).")
    var format: ExportFormat?

    @Option(help: ArgumentHelp("The columns to write, in this order (default: all).", valueName: "a,b,c"))
    var columns: String?

    @OptionGroup var network: NetworkOptions

    @Flag(inversion: .prefixedNo, help: "Neutralise text cells starting with = + - @, tab or CR so spreadsheets show them as text.")
    var excelSafe = true

    @Option(help: ArgumentHelp("CSV delimiter: ',' ';' '\\t' or '|'.", valueName: "char"))
    var delimiter: String = ","

    @Flag(help: "Start the CSV with a UTF-8 byte order mark (for Excel).")
    var bom = false

    @Flag(help: "No progress, no summary.")
    var quiet = false

    @Flag(help: "Start a sandbox with 1,000 generated contacts in this process and export from it.")
    var sandbox = false

    @Option(help: "Read the Leat token from this file instead of LEAT_API_TOKEN.", completion: .file())
    var tokenFile: String?

    func validate() throws {
        if InputOptions.delimiterByte(delimiter) == nil {
            throw ValidationError("--delimiter '\(delimiter)' is not one byte; use ',', ';', '\\t' or '|'")
        }
    }

    /// The options of an export of `entity`, before the entity's own filters.
    func options(_ entity: ExportEntity) -> ExportOptions {
        var options = ExportOptions()
        options.entity = entity
        options.output = output
        options.format = format ?? ExportFormat.guess(output: output)
        options.columns = columns.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
        options.concurrency = network.concurrency
        options.rate = network.rateMode
        options.retry = network.policy
        options.csv = CSVFormat(delimiter: InputOptions.delimiterByte(delimiter)!, byteOrderMark: bom, excelSafe: excelSafe)
        options.toolVersion = LoyaltyBatch.configuration.version
        return options
    }

    /// Runs the export with Ctrl-C handling, prints its summary and exits with its code.
    func run(_ options: ExportOptions) async throws {
        let sandbox =
            self.sandbox
            ? try await startSandbox(quiet: quiet, contacts: 1_000, transactions: options.entity == .transactions ? 2_000 : 0) : nil
        let configuration = try await configured(sandbox) { try leatConfiguration(sandbox, tokenFile: tokenFile) }
        let result = await runWithInterrupts(sandbox: sandbox) { control in
            try await withLeatClient(configuration: configuration, concurrency: network.concurrency, timeout: network.timeout) { client in
                let export = ExportRun(options: options, client: client, control: control)
                return try await showingProgress(of: export.handle, quiet: quiet) { try await export.run() }
            }
        }
        switch result {
        case .success(let summary):
            for warning in summary.warnings { printError("warning: \(warning)") }
            if !quiet || summary.stopped != nil { printError(summary.text) }
            throw ExitCode(summary.exitCode)
        case .failure(let error):
            printError("error: \(error)")
            throw ExitCode(error is OutputError ? 3 : 2)
        }
    }
}

extension ExportFormat: ExpressibleByArgument {}
extension ReferralStatus: ExpressibleByArgument {}
