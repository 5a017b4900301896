import ArgumentParser
import BatchKit
import Foundation
import Jobs
import LeatAPI

/// `loyalty-batch export contacts|referrals|tiers`
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export a Leat list (contacts, referrals or tiers) to CSV or NDJSON.",
        discussion: """
        Pages are fetched --concurrency at a time and written in order, de-duplicated by uuid. The output is written to a temporary file beside it and renamed into place only when complete: a failed export (exit 3) leaves an earlier file untouched. A manifest (PATH.manifest.json) says the entity, filters, row count, SHA-256 of the file, start and finish.

        Nightly incremental contacts: --state PATH keeps the highest created_at exported; the next run starts --overlap before it and leaves out the contacts already exported in that window. The state moves only when the output is complete.

        Examples:
          loyalty-batch export contacts --output contacts.csv --sandbox
          loyalty-batch export contacts -o nightly.csv --state nightly.json --bom
          loyalty-batch export referrals --status completed --format ndjson --output -
        """
    )

    @Argument(help: "contacts, referrals or tiers.")
    var entity: ExportEntity

    @Option(name: [.short, .long], help: "The file to write (- for standard output).")
    var output: String

    @Option(help: "csv, ndjson or xlsx (an Excel workbook) (default: by the output's extension, else csv).")
    var format: ExportFormat?

    @Option(help: ArgumentHelp("The columns to write, in this order (default: all).", valueName: "a,b,c"))
    var columns: String?

    @Option(help: ArgumentHelp("Contacts created at or after this time (ISO 8601).", valueName: "time"))
    var createdAfter: String?

    @Option(help: ArgumentHelp("Contacts created before this time (ISO 8601).", valueName: "time"))
    var createdBefore: String?

    @Option(help: "Referrals with this status: pending, in_progress, completed or failed.")
    var status: String?

    @Option(help: ArgumentHelp("Referrals made by this contact.", valueName: "uuid"))
    var referringContact: String?

    @Option(help: "Incremental contact exports: the state file (created on the first run).")
    var state: String?

    @Option(help: ArgumentHelp("With --state: how far before the last run's newest contact to start again.", valueName: "minutes"))
    var overlap = 10

    @Option(help: "Pages in flight at most.")
    var concurrency = 8

    @Option(help: ArgumentHelp("Requests at most, per second (50) or per minute (3000/min).", valueName: "R[/s|/min]"))
    var rate: RequestRate?

    @OptionGroup var requests: RequestOptions

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

    @Option(help: "Read the Leat token from this file instead of LEAT_API_TOKEN.")
    var tokenFile: String?

    func validate() throws {
        if entity != .contacts && (createdAfter != nil || createdBefore != nil || state != nil) {
            throw ValidationError("--created-after, --created-before and --state are for contacts")
        }
        if entity != .referrals && (status != nil || referringContact != nil) {
            throw ValidationError("--status and --referring-contact are for referrals")
        }
        if let status, !ReferralStatus.all.contains(status) {
            throw ValidationError("--status must be \(ReferralStatus.all.dropLast().joined(separator: ", ")) or \(ReferralStatus.all.last!)")
        }
        for (name, value) in [("--created-after", createdAfter), ("--created-before", createdBefore)] {
            if let value, (try? Date(value, strategy: .iso8601)) == nil {
                throw ValidationError("\(name) '\(value)' is not an ISO 8601 time, e.g. 2026-11-24T00:00:00Z")
            }
        }
        if state != nil && createdAfter != nil { throw ValidationError("--state decides where the export starts; leave out --created-after") }
        if concurrency < 1 || concurrency > 64 { throw ValidationError("--concurrency must be between 1 and 64") }
        if overlap < 0 || overlap > 10_080 { throw ValidationError("--overlap must be between 0 and 10080 minutes (a week)") }
        try RequestOptions.validate(rate: rate?.perSecond)
        if InputOptions.delimiterByte(delimiter) == nil { throw ValidationError("--delimiter '\(delimiter)' is not one byte; use ',', ';', '\\t' or '|'") }
    }

    func run() async throws {
        var options = ExportOptions()
        options.entity = entity
        options.output = output
        options.format = format ?? ExportFormat.guess(output: output)
        options.columns = columns.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
        options.createdAfter = createdAfter
        options.createdBefore = createdBefore
        options.status = status
        options.referringContact = referringContact
        options.statePath = state
        options.overlap = .seconds(overlap * 60)
        options.concurrency = concurrency
        options.rate = rate.map { .fixed(requestsPerSecond: $0.perSecond) } ?? .unlimited
        options.retry = requests.policy
        options.csv = CSVFormat(delimiter: InputOptions.delimiterByte(delimiter)!, byteOrderMark: bom, excelSafe: excelSafe)
        options.progress = quiet ? .quiet : .automatic
        options.toolVersion = LoyaltyBatch.configuration.version

        let sandbox = self.sandbox ? try await startSandbox(quiet: quiet, contacts: 1_000) : nil
        let configuration = try await configured(sandbox) { try leatConfiguration(sandbox, tokenFile: tokenFile) }
        let result = await runWithInterrupts(sandbox: sandbox) { control in
            try await withLeatClient(configuration: configuration, concurrency: concurrency, timeout: requests.timeout) { client in
                try await ExportJob.run(options: options, client: client, control: control)
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

extension ExportEntity: ExpressibleByArgument {}
extension ExportFormat: ExpressibleByArgument {}
