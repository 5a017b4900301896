/// How often and how patiently a transient failure is retried: exponential backoff with jitter.
public struct RetryPolicy: Sendable {
    /// Attempts per request, the first included (`--max-attempts`).
    public var maxAttempts: Int
    /// The delay after the first failure; it doubles with every further one.
    public var baseDelay: Duration
    /// The longest delay between two attempts (a `Retry-After` may ask for more).
    public var maxDelay: Duration
    /// The longest wait a server may ask for with `Retry-After` (`--max-retry-after`): one that
    /// asks for more stops the job, resumably, rather than sleep for days.
    public var maxRetryAfter: Duration
    /// How long the API may give no answer at all before the run stops (`--down-after`; see
    /// ``APIHealth``).
    public var downAfter: Duration

    public init(
        maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(25), maxDelay: Duration = .seconds(10),
        maxRetryAfter: Duration = .seconds(300), downAfter: Duration = .seconds(60)
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.downAfter = downAfter
    }

    /// Whether a server's `Retry-After` asks for longer than ``maxRetryAfter``.
    public func isTooLong(retryAfter: Double?) -> Bool {
        guard let retryAfter else { return false }
        return retryAfter > maxRetryAfter.seconds
    }

    /// The wait after `attempt` (1-based) failed: half of `base × 2^(attempt-1)` (capped at
    /// `maxDelay`) plus a random part up to the other half, so retries of many rows spread out;
    /// never less than the server's `Retry-After`.
    public func delay(afterAttempt attempt: Int, retryAfter: Double? = nil) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return delay(afterAttempt: attempt, retryAfter: retryAfter, using: &generator)
    }

    func delay(afterAttempt attempt: Int, retryAfter: Double?, using generator: inout some RandomNumberGenerator) -> Duration {
        let exponential = baseDelay.seconds * Double(1 << min(max(attempt - 1, 0), 30))
        let ceiling = min(exponential, maxDelay.seconds)
        let seconds = max(ceiling / 2 + Double.random(in: 0...(ceiling / 2), using: &generator), retryAfter ?? 0)
        return .milliseconds(Int64((seconds * 1000).rounded(.up)))
    }
}
