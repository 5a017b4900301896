import ArgumentParser
import BatchKit
import Jobs

/// How a bulk run goes: its requests (``NetworkOptions``), outputs, resume, dry run, progress.
/// Shared by `import contacts` and `invite referrals`.
struct RunOptions: ParsableArguments {
    @OptionGroup var network: NetworkOptions

    @Option(help: "Where to write the report (default: <FILE>.report.csv, or <FILE>.dry-run.report.csv).", completion: .file())
    var report: String?

    @Option(
        help: "Where to write the failed rows, re-importable (default: <FILE>.failed.csv, .failed.ndjson or .failed.xlsx, as the input).",
        completion: .file())
    var failedRows: String?

    @Option(help: "Also write the summary as JSON to this path.", completion: .file())
    var summaryJson: String?

    @Flag(
        help:
            "Go on from where an earlier run of the same command stopped (crash, kill, Ctrl-C, exit 3): rows already in its report are not done again."
    )
    var resume = false

    @Flag(help: "Call only read endpoints and write the report with what each row would do (would-create, would-update, would-fail).")
    var dryRun = false

    @Flag(
        inversion: .prefixedNo,
        help:
            "Neutralise the failed rows' text cells that start with = + - @, tab or CR (a leading ', taken off when the file is read back), so spreadsheets show them as text."
    )
    var excelSafe = true

    @Flag(help: "Print only errors: no progress, no summary.")
    var quiet = false

    @Flag(help: "Start a sandbox in this process and run against it: try the tool with no account.")
    var sandbox = false

    func validate() throws {
        if resume && dryRun { throw ValidationError("--resume goes on with a real run; a dry run is cheap to repeat whole") }
    }

    /// What the job is told.
    var settings: RunSettings {
        var settings = RunSettings()
        network.apply(to: &settings)
        settings.reportPath = report
        settings.failedRowsPath = failedRows
        settings.resume = resume
        settings.dryRun = dryRun
        settings.excelSafe = excelSafe
        return settings
    }
}
