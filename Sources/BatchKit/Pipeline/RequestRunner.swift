/// A failed API call, as the retry loop needs to know it. Each API client's error conforms, and
/// its conformance is where that API's failures are classed (SPEC.md's error table).
public protocol APIFailure: Error, Sendable, CustomStringConvertible {
    var failureClass: FailureClass { get }
    /// `Retry-After`, in seconds, when the server sent one.
    var retryAfter: Double? { get }
    /// A `429`: the rate limiter slows down for everybody.
    var isThrottled: Bool { get }
    /// The request may have been applied although it failed (no answer, a 5xx).
    var outcomeUnknown: Bool { get }
}

/// What the requests of one row went through, for its report line and its decisions.
public struct Attempts: Sendable {
    /// Requests sent for the row, retries included.
    public var requests = 0
    /// Of those, the retries.
    public var retries = 0
    /// A request of this row failed in a way that may have applied it.
    public var outcomeUnknown = false

    public init() {}
}

/// Why a request gave no result.
public enum RequestStop<Failure: APIFailure>: Error {
    /// It failed for this row (a row failure, or transient ones past the retry budget).
    case failed(Failure)
    /// It failed so that the job must stop; the run is aborted.
    case fatal(Failure)
    /// The run is stopping: the request was not sent.
    case abandoned
}

/// Sends one API request for a row: waits for the rate limiter, retries transient failures with
/// backoff, tells the limiter what the server said, and turns a job-fatal failure into an abort of
/// the whole run. Nothing is sent once the run is aborting.
public struct RequestRunner: Sendable {
    public let limiter: RateLimiter
    public let policy: RetryPolicy
    public let control: RunControl

    public init(limiter: RateLimiter, policy: RetryPolicy, control: RunControl) {
        self.limiter = limiter
        self.policy = policy
        self.control = control
    }

    /// Runs `operation` until it succeeds, fails for good, or the run stops. `operation` returns
    /// its value and the rate-limit headers of the answer.
    public func send<Value, Failure: APIFailure>(
        _ attempts: inout Attempts,
        _ operation: () async throws(Failure) -> (value: Value, limit: Int?, remaining: Int?)
    ) async throws(RequestStop<Failure>) -> Value {
        var attempt = 0
        while true {
            attempt += 1
            guard control.maySend else { throw .abandoned }
            await limiter.acquire()
            guard control.maySend else { throw .abandoned }
            attempts.requests += 1
            do {
                let answer = try await operation()
                limiter.record(.answered(limit: answer.limit, remaining: answer.remaining))
                return answer.value
            } catch {
                if error.isThrottled { limiter.record(.throttled(retryAfter: error.retryAfter)) }
                if error.outcomeUnknown { attempts.outcomeUnknown = true }
                switch error.failureClass {
                case .row:
                    throw .failed(error)
                case .fatal:
                    control.abort(reason: error.description)
                    throw .fatal(error)
                case .transient(let fatalWhenExhausted):
                    guard attempt < policy.maxAttempts else {
                        guard fatalWhenExhausted else { throw .failed(error) }
                        control.abort(reason: "\(error.description) (still after \(attempt) attempts)")
                        throw .fatal(error)
                    }
                    attempts.retries += 1
                    try? await Task.sleep(for: policy.delay(afterAttempt: attempt, retryAfter: error.retryAfter))
                }
            }
        }
    }
}
