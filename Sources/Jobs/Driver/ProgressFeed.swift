import BatchKit

/// The driver's side of a run's ``JobProgress``: the counts as they change, handed to the run's
/// progress sequence at most every 100 ms, and at once when a step begins or the run ends.
final class ProgressFeed {
    private let continuation: AsyncStream<JobProgress>.Continuation
    private let start = ContinuousClock.now
    private var lastYield = ContinuousClock.now
    private(set) var current = JobProgress()
    /// Requests sent so far, read when an event goes out.
    var requests: () -> Int? = { nil }

    init(_ continuation: AsyncStream<JobProgress>.Continuation) {
        self.continuation = continuation
    }

    /// Changes the counts; they go out when it is time to (`now`: the caller's reading of the clock).
    func update(now: ContinuousClock.Instant = .now, _ change: (inout JobProgress) -> Void) {
        change(&current)
        if now - lastYield >= .milliseconds(100) { yield() }
    }

    /// A step before the rows (listing the contacts) with its pages done; nil ends it.
    func show(phase: JobProgress.Phase?, page: Int = 0, of lastPage: Int? = nil) {
        let starts = phase != current.phase
        current.phase = phase
        current.pagesDone = phase == nil ? nil : page
        current.lastPage = phase == nil ? nil : lastPage
        if starts { yield() } else { update { _ in } }
    }

    /// The last event: the run is over.
    func finish() {
        current.finished = true
        yield()
        continuation.finish()
    }

    private func yield() {
        lastYield = .now
        current.elapsed = lastYield - start
        current.requests = requests()
        continuation.yield(current)
    }
}
