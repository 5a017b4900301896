import BatchKit
import Synchronization

/// A clock that moves only when told: what the rate limiter and the retries wait on in tests, so
/// that they assert exact times with no real sleep.
public final class TestClock: BatchClock {
    private struct State {
        var now: ContinuousClock.Instant
        var sleepers: [(id: Int, deadline: ContinuousClock.Instant, wake: CheckedContinuation<Void, Never>)] = []
        var lastSleeper = 0
    }

    private let state = Mutex(State(now: .now))

    public init() {}

    public var now: ContinuousClock.Instant { state.withLock { $0.now } }

    public func sleep(until deadline: ContinuousClock.Instant) async throws {
        let id = state.withLock { state in
            state.lastSleeper += 1
            return state.lastSleeper
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (wake: CheckedContinuation<Void, Never>) in
                let due = state.withLock { state in
                    // Cancelled before it slept: the handler below found nothing to wake.
                    guard deadline > state.now, !Task.isCancelled else { return true }
                    state.sleepers.append((id, deadline, wake))
                    return false
                }
                if due { wake.resume() }
            }
        } onCancel: {
            let sleeper = state.withLock { state in
                state.sleepers.firstIndex { $0.id == id }.map { state.sleepers.remove(at: $0) }
            }
            sleeper?.wake.resume()
        }
        try Task.checkCancellation()
    }

    /// Returns once `count` tasks sleep on this clock, or the waiting task is cancelled.
    public func untilSleeping(_ count: Int) async {
        while state.withLock({ $0.sleepers.count < count }), !Task.isCancelled { try? await Task.sleep(for: .microseconds(200)) }
    }

    /// Moves time on by `step`, waking the sleepers whose deadline it reaches.
    public func advance(by step: Duration) {
        let due = state.withLock { state in
            state.now += step
            let now = state.now
            let due = state.sleepers.filter { $0.deadline <= now }
            state.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in due { sleeper.wake.resume() }
    }

    /// Runs `body` on a task of its own, moving time on by `step` whenever it sleeps, until it
    /// returns: the time it took, on this clock.
    public func drive(step: Duration, _ body: @escaping @Sendable () async -> Void) async -> Duration {
        let start = now
        let finished = Atomic(false)
        let task = Task {
            await body()
            finished.store(true, ordering: .sequentiallyConsistent)
        }
        // A test cancelled (its time limit) cancels the body and stops moving time.
        while !finished.load(ordering: .sequentiallyConsistent), !Task.isCancelled {
            // No sleeper: the body is at work (a request, say); a short real pause leaves the
            // threads to it and to the tests beside it rather than spin on one.
            // A woken sleeper needs a thread of the pool to go on: yield it one after each step.
            if state.withLock({ !$0.sleepers.isEmpty }) {
                advance(by: step)
                await Task.yield()
            } else {
                try? await Task.sleep(for: .microseconds(200))
            }
        }
        if Task.isCancelled { task.cancel() }
        await task.value
        return now - start
    }
}
