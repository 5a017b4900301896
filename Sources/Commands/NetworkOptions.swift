import ArgumentParser
import BatchKit
import Jobs

/// How a command that calls an API (`import`, `invite`, `export`) spends its requests: how many
/// in flight, how fast, how often and how long each is tried, when the API counts as down.
/// Values out of range are usage errors (exit 2), never a crash or a wait of days.
struct NetworkOptions: ParsableArguments {
    @Option(
        help:
            "Requests in flight at most: rows (import; a row waiting to retry leaves its place to another), batches (invite) or pages (export)."
    )
    var concurrency = 16

    @Option(
        help: ArgumentHelp(
            "Requests at most, per second (50) or per minute (3000/min): the API's limit; default: as fast as the concurrency allows, slowing down on 429.",
            valueName: RequestRate.valueName))
    var rate: RequestRate?

    @Flag(help: "Find the server's rate limit by itself (from 429s and X-RateLimit headers); not with --rate.")
    var adaptive = false

    @Option(help: "Attempts per request for transient failures (no answer, 5xx, 429), the first included.")
    var maxAttempts = 5

    @Option(help: ArgumentHelp("The most a request may take, answer and body included.", valueName: "seconds"))
    var requestTimeout = 60.0

    @Option(
        help: ArgumentHelp(
            "The longest wait a server may ask for (Retry-After); one asking for more stops the job, resumably.", valueName: "seconds"))
    var maxRetryAfter = 300.0

    @Option(
        help: ArgumentHelp(
            "Stop the job when the API gives no answer at all for this long (or the last 50 requests all failed).", valueName: "seconds"))
    var downAfter = 60.0

    func validate() throws {
        if concurrency < 1 || concurrency > 1024 { throw ValidationError("--concurrency must be between 1 and 1024") }
        if let rate = rate?.perSecond, !(0.01...100_000).contains(rate) {
            throw ValidationError("--rate must be between 0.01 and 100000 requests per second (0.6/min and 6000000/min)")
        }
        if adaptive && rate != nil { throw ValidationError("--adaptive finds the rate by itself; give either --rate or --adaptive") }
        if !(1...100).contains(maxAttempts) { throw ValidationError("--max-attempts must be between 1 and 100") }
        if !(0.1...3_600).contains(requestTimeout) { throw ValidationError("--request-timeout must be between 0.1 and 3600 seconds") }
        if !(0...86_400).contains(maxRetryAfter) { throw ValidationError("--max-retry-after must be between 0 and 86400 seconds (a day)") }
        if !(1...86_400).contains(downAfter) { throw ValidationError("--down-after must be between 1 and 86400 seconds (a day)") }
    }

    /// `settings` spending requests as these options say: in flight, rate, retries, timeout.
    func apply(to settings: inout RunSettings) {
        settings.concurrency = concurrency
        settings.rate = rateMode
        settings.retry = policy
        settings.requestTimeout = timeout
    }

    var rateMode: RateLimiter.Mode {
        if let rate { return .fixed(requestsPerSecond: rate.perSecond) }
        return adaptive ? .adaptive : .unlimited
    }

    var policy: RetryPolicy {
        RetryPolicy(maxAttempts: maxAttempts, maxRetryAfter: .seconds(maxRetryAfter), downAfter: .seconds(downAfter))
    }

    var timeout: Duration { .seconds(requestTimeout) }
}

extension RequestRate: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argument)
    }

    /// How `--rate` shows its value; a job file's `rate:` key is checked as a rate by it.
    static let valueName = "R[/s|/min]"
}
