import ArgumentParser
import BatchKit

/// How each request goes, for every command that calls an API (`import`, `invite`, `export`):
/// attempts, the deadline, the longest wait a server may ask for, when the API counts as down.
/// Values out of range are usage errors (exit 2), never a crash or a wait of days.
struct RequestOptions: ParsableArguments {
    @Option(help: "Attempts per request for transient failures (no answer, 5xx, 429), the first included.")
    var maxAttempts = 5

    @Option(help: ArgumentHelp("The most a request may take, answer and body included.", valueName: "seconds"))
    var requestTimeout = 60.0

    @Option(help: ArgumentHelp("The longest wait a server may ask for (Retry-After); one asking for more stops the job, resumably.", valueName: "seconds"))
    var maxRetryAfter = 300.0

    @Option(help: ArgumentHelp("Stop the job when the API gives no answer at all for this long (or the last 50 requests all failed).", valueName: "seconds"))
    var downAfter = 60.0

    func validate() throws {
        if !(1...100).contains(maxAttempts) { throw ValidationError("--max-attempts must be between 1 and 100") }
        if !(0.1...3_600).contains(requestTimeout) { throw ValidationError("--request-timeout must be between 0.1 and 3600 seconds") }
        if !(0...86_400).contains(maxRetryAfter) { throw ValidationError("--max-retry-after must be between 0 and 86400 seconds (a day)") }
        if !(1...86_400).contains(downAfter) { throw ValidationError("--down-after must be between 1 and 86400 seconds (a day)") }
    }

    /// `--rate`, where a command has it: a pace the rate limiter can keep.
    static func validate(rate: Double?) throws {
        if let rate, !(0.01...100_000).contains(rate) {
            throw ValidationError("--rate must be between 0.01 and 100000 requests per second (0.6/min and 6000000/min)")
        }
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
}
