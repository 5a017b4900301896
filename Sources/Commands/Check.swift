import ArgumentParser
import BatchKit
import Foundation
import Jobs

/// `loyalty-batch check FILE`: reads, maps and validates a file offline.
struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read, map and validate a contacts file offline, and write the per-row report.",
        discussion: """
            Nothing is sent anywhere. The report (one line per data row, owner-only) goes to
            <FILE>.report.csv unless --report says otherwise.

            Example:
              loyalty-batch check klanten.csv --map 'E-mailadres=email' --map 'Voornaam=firstname'
            """
    )

    @Argument(help: "The CSV or NDJSON file to check (- for standard input).")
    var file: String

    @OptionGroup var input: InputOptions
    @OptionGroup var mapping: ContactMappingOptions

    @Option(help: "Where to write the report (default: <FILE>.report.csv).", completion: .file())
    var report: String?

    @Option(help: "Also write the invalid rows here, in the input's own format, ready to fix (default: nowhere).", completion: .file())
    var failedRows: String?

    @Flag(
        inversion: .prefixedNo,
        help:
            "Neutralise the failed rows' text cells that start with = + - @, tab or CR (a leading ', taken off when the file is read back), so spreadsheets show them as text."
    )
    var excelSafe = true

    @Flag(help: "Print only errors.")
    var quiet = false

    func run() async throws {
        var options = CheckOptions()
        options.read = input.readOptions
        options.mapping = mapping.mappingOptions
        options.reportPath = report
        options.failedRowsPath = failedRows
        options.excelSafe = excelSafe
        let summary: RunSummary
        do {
            summary = try await CheckJob.run(input: file, options: options)
        } catch {
            printError("error: \(error)")
            throw ExitCode(2)
        }
        for warning in summary.warnings { printError("warning: \(warning)") }
        if !quiet { print(summary.text) }
        throw ExitCode(summary.exitCode)
    }
}
