import TextFormats

/// A failed API call, as the retry loop needs to know it. Each API client's error conforms, and
/// its conformance is where that API's failures are classed (`ErrorClasses` in Jobs).
package protocol APIFailure: Error, Sendable, CustomStringConvertible {
    var failureClass: FailureClass { get }
    /// `Retry-After`, in seconds, when the server sent one.
    var retryAfter: Double? { get }
    /// A `429`: the rate limiter slows down for everybody.
    var isThrottled: Bool { get }
    /// The request may have been applied although it failed (no answer, a 5xx).
    var outcomeUnknown: Bool { get }
    /// No connection could be made: the request never left.
    var neverSent: Bool { get }
    /// How the API met the request, as a phrase (``APIPhrase``).
    var phrasing: Phrasing { get }
    /// The API's name: `Leat`, `Capillary`.
    var service: String { get }
}

/// What the requests of one row went through, for its report line and its decisions.
package struct Attempts: Sendable {
    /// Requests sent for the row, retries included.
    package var requests = 0
    /// Of those, the retries.
    package var retries = 0
    /// A request of this row failed in a way that may have applied it.
    package var outcomeUnknown = false
    /// When the request under way was first sent.
    var firstSent: ContinuousClock.Instant?

    package init() {}
}

/// Why a request gave no result.
package enum RequestStop<Failure: APIFailure>: Error {
    /// It failed for this row (a row failure, or transient ones past the retry budget).
    case failed(Failure)
    /// It failed so that the job must stop; the run is aborted.
    case fatal(Failure)
    /// The run is stopping: the request was not sent.
    case abandoned
}

/// Sends one API request for a row: waits for the rate limiter, retries transient failures with
/// backoff, tells the limiter what the server said, and turns a job-fatal failure — or the API
/// being down as a whole (``APIHealth``) — into an abort of the whole run. A request that used its
/// attempts while other requests had answers fails its own row only. Nothing is sent once the run
/// is aborting.
package struct RequestRunner: Sendable {
    package let limiter: RateLimiter
    package let policy: RetryPolicy
    package let control: RunControl
    package let health: APIHealth
    /// The rows waiting to retry now (for the ``RowEngine``, which lets others take their places).
    package let retryWaits = RetryWaits()

    package init(limiter: RateLimiter, policy: RetryPolicy, control: RunControl) {
        self.limiter = limiter
        self.policy = policy
        self.control = control
        health = APIHealth(downAfter: policy.downAfter, now: limiter.clock.now)
    }

    /// Runs `operation` until it succeeds, fails for good, or the run stops. `operation` returns
    /// its value and the rate-limit headers of the answer.
    package func send<Value, Failure: APIFailure>(
        _ attempts: inout Attempts,
        _ operation: () async throws(Failure) -> (value: Value, limit: Int?, remaining: Int?)
    ) async throws(RequestStop<Failure>) -> Value {
        var number = 0
        while true {
            number += 1
            switch try await attempt(&attempts, number: number, operation) {
            case .done(let value): return value
            case .retry(let delay, _): guard await wait(delay) else { throw .abandoned }
            }
        }
    }

    /// Waits `delay` before a retry, or less when the run stops meanwhile (Ctrl-C, an abort);
    /// false then: the request is not sent again (the row is left for `--resume`), so that a first
    /// Ctrl-C ends the run within a request's deadline, not after a server's `Retry-After`.
    package func wait(_ delay: Duration) async -> Bool {
        let clock = limiter.clock
        let end = clock.now + delay
        return await retryWaits.counting {
            await control.untilStopped { try await clock.sleep(until: end) }
        }
    }

    /// What one attempt came to, when it neither failed for good nor stopped the run.
    package enum AttemptResult<Value, Failure: APIFailure> {
        case done(Value)
        /// A transient failure with attempts left: wait `after`, then try again.
        case retry(after: Duration, Failure)
    }

    /// Makes attempt `number` of a request: for callers that must do something between attempts
    /// (look up whether a request whose answer was lost was applied). ``send(_:_:)`` is the loop
    /// over it.
    package func attempt<Value, Failure: APIFailure>(
        _ attempts: inout Attempts,
        number: Int,
        _ operation: () async throws(Failure) -> (value: Value, limit: Int?, remaining: Int?)
    ) async throws(RequestStop<Failure>) -> AttemptResult<Value, Failure> {
        guard control.maySend else { throw .abandoned }
        // Once the run stops (Ctrl-C), no request waits for its slot: the row is left for --resume.
        guard await limiter.acquire(until: control) else { throw .abandoned }
        guard control.maySend else { throw .abandoned }
        attempts.requests += 1
        let sentAt = limiter.clock.now
        if number == 1 { attempts.firstSent = sentAt }
        do {
            let answer = try await operation()
            health.answered(at: limiter.clock.now)
            limiter.record(.answered(limit: answer.limit, remaining: answer.remaining))
            return .done(answer.value)
        } catch {
            if error.outcomeUnknown { attempts.outcomeUnknown = true }
            if policy.isTooLong(retryAfter: error.retryAfter), case .transient = error.failureClass {
                control.abort(
                    reason:
                        "\(error.description): the server asks to wait \(Int(error.retryAfter ?? 0)) s (Retry-After), more than \(Setting.maxRetryAfter.mention()) (\(policy.maxRetryAfter.components.seconds) s); run it again later with \(Setting.resume.mention())",
                    phrasing: .stop(
                        .waitTooLong,
                        [
                            "service": "\(error.service)", "seconds": "\(Int(error.retryAfter ?? 0))",
                            "most": "\(policy.maxRetryAfter.components.seconds)",
                        ]))
                throw .fatal(error)
            }
            if error.isThrottled { limiter.record(.throttled(retryAfter: error.retryAfter)) }
            switch error.failureClass {
            case .row:
                health.answered(at: limiter.clock.now)
                throw .failed(error)
            case .fatal:
                control.abort(reason: error.description, phrasing: .stop(.answered, ["outcome": .phrase(error.phrasing)]))
                throw .fatal(error)
            case .transient:
                if error.neverSent, health.worthWaiting(at: limiter.clock.now) {
                    // The API answered earlier: the request waits for it to take connections again,
                    // without spending its attempts, until --down-after has passed with no answer.
                    attempts.retries += 1
                    return .retry(after: policy.delay(afterAttempt: number), error)
                }
                if error.isThrottled {
                    health.answered(at: limiter.clock.now)
                } else if let down = health.failed(at: limiter.clock.now) {
                    control.abort(
                        reason:
                            "the API is down: \(down), the last with \(error.description); run it again with \(Setting.resume.mention()) once it answers"
                    )
                    throw .fatal(error)
                }
                guard number < policy.maxAttempts else {
                    // The request's own failure when others had answers meanwhile; else the API's.
                    guard health.answered(since: attempts.firstSent ?? sentAt) else {
                        control.abort(
                            reason:
                                "\(error.description) (still after \(number) attempts, and no request had an answer meanwhile); run it again with \(Setting.resume.mention()) once the API answers"
                        )
                        throw .fatal(error)
                    }
                    throw .failed(error)
                }
                attempts.retries += 1
                return .retry(after: policy.delay(afterAttempt: number, retryAfter: error.retryAfter), error)
            }
        }
    }
}
