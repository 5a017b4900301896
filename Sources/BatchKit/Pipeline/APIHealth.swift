import Synchronization
import TextFormats

/// Whether an API as a whole is answering: a circuit breaker over every request of a run, so that
/// "the API is down" is said of the API, never of one unlucky request.
///
/// The API is *down* when no request has had an answer for ``downAfter`` (`--down-after`), or when
/// the last ``failuresInARow`` requests all failed (no answer, 5xx); the run then stops,
/// resumably. While it is up, a request that used all its attempts fails its own row only.
/// Requests that could not connect to an API that answered earlier in the run do not count
/// towards the failures in a row: they wait for it (``worthWaiting(at:)``), up to ``downAfter``.
package final class APIHealth: Sendable {
    /// The breaker's state: a value that takes events and says what they mean.
    struct State {
        var lastAnswer: ContinuousClock.Instant
        var hasAnswered = false
        var failuresInARow = 0
        let downAfter: Duration
        let failuresLimit: Int

        /// An answer came (any status that is not a transient failure: the API is there).
        mutating func answered(at now: ContinuousClock.Instant) {
            lastAnswer = max(lastAnswer, now)
            hasAnswered = true
            failuresInARow = 0
        }

        /// A request failed transiently; returns why the API is down, when it now is.
        mutating func failed(at now: ContinuousClock.Instant) -> String? {
            failuresInARow += 1
            if failuresInARow >= failuresLimit {
                return "the last \(failuresInARow) requests all failed"
            }
            return silence(at: now)
        }

        /// Why the API is down, when no request had an answer for `downAfter`.
        func silence(at now: ContinuousClock.Instant) -> String? {
            guard now - lastAnswer >= downAfter else { return nil }
            return "no answer for \(Int((now - lastAnswer).seconds)) s (\(Setting.downAfter.mention(String(downAfter.components.seconds))))"
        }
    }

    private let state: Mutex<State>

    /// A breaker for a run starting `now`.
    package init(downAfter: Duration = .seconds(60), failuresInARow: Int = 50, now: ContinuousClock.Instant = .now) {
        state = Mutex(State(lastAnswer: now, downAfter: downAfter, failuresLimit: failuresInARow))
    }

    /// Records an answer.
    package func answered(at now: ContinuousClock.Instant = .now) {
        state.withLock { $0.answered(at: now) }
    }

    /// Records a transient failure; returns why the API is down, when it now is.
    package func failed(at now: ContinuousClock.Instant = .now) -> String? {
        state.withLock { $0.failed(at: now) }
    }

    /// Whether a request that could not connect should wait for the API: it answered earlier in
    /// this run (it restarts, or the network blinked) and `downAfter` has not passed since its last
    /// answer. An API that never answered is not waited for: a wrong URL is said at once.
    package func worthWaiting(at now: ContinuousClock.Instant = .now) -> Bool {
        state.withLock { $0.hasAnswered && $0.silence(at: now) == nil }
    }

    /// Whether any request had an answer at or after `instant`: proof that the API was up while
    /// a request failed, so that its failure is the request's own.
    package func answered(since instant: ContinuousClock.Instant) -> Bool {
        state.withLock { $0.lastAnswer > instant }
    }
}
