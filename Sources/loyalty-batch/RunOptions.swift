import ArgumentParser
import BatchKit
import Jobs

/// How a bulk run goes: concurrency, rate, retries, outputs, resume, dry run, progress. Shared by
/// `import contacts` and `invite referrals`.
struct RunOptions: ParsableArguments {
    @Option(help: "Rows in flight at most (a row waiting to retry leaves its place to another: up to twice as many under way).")
    var concurrency = 16

    @Option(help: ArgumentHelp("Requests at most, per second (50) or per minute (3000/min): the API's limit; default: as fast as the concurrency allows, slowing down on 429.", valueName: "R[/s|/min]"))
    var rate: RequestRate?

    @Flag(help: "Find the server's rate limit by itself (from 429s and X-RateLimit headers); not with --rate.")
    var adaptive = false

    @OptionGroup var requests: RequestOptions

    @Option(help: "Where to write the report (default: <FILE>.report.csv, or <FILE>.dry-run.report.csv).")
    var report: String?

    @Option(help: "Where to write the failed rows, re-importable (default: <FILE>.failed.csv, .failed.ndjson or .failed.xlsx, as the input).")
    var failedRows: String?

    @Option(help: "Also write the summary as JSON to this path.")
    var summaryJson: String?

    @Flag(help: "Go on from where an earlier run of the same command stopped (crash, kill, Ctrl-C, exit 3): rows already in its report are not done again.")
    var resume = false

    @Flag(help: "Call only read endpoints and write the report with what each row would do (would-create, would-update, would-fail).")
    var dryRun = false

    @Flag(help: "Print only errors: no progress, no summary.")
    var quiet = false

    @Flag(help: "Start a sandbox in this process and run against it: try the tool with no account.")
    var sandbox = false

    func validate() throws {
        if concurrency < 1 || concurrency > 1024 { throw ValidationError("--concurrency must be between 1 and 1024") }
        try RequestOptions.validate(rate: rate?.perSecond)
        if adaptive && rate != nil { throw ValidationError("--adaptive finds the rate by itself; give either --rate or --adaptive") }
        if resume && dryRun { throw ValidationError("--resume goes on with a real run; a dry run is cheap to repeat whole") }
    }

    private var rateMode: RateLimiter.Mode {
        if let rate { return .fixed(requestsPerSecond: rate.perSecond) }
        return adaptive ? .adaptive : .unlimited
    }

    /// What the job is told.
    var settings: RunSettings {
        var settings = RunSettings()
        settings.concurrency = concurrency
        settings.rate = rateMode
        settings.retry = requests.policy
        settings.requestTimeout = requests.timeout
        settings.reportPath = report
        settings.failedRowsPath = failedRows
        settings.resume = resume
        settings.dryRun = dryRun
        return settings
    }
}
