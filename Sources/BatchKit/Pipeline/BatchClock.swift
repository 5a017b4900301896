/// The time that pacing and retries wait on, injected so that tests can run on a clock of their
/// own (a test clock that moves only when told) instead of real sleeps.
public protocol BatchClock: Sendable {
    /// Now.
    var now: ContinuousClock.Instant { get }
    /// Suspends until `deadline` (or until the task is cancelled, then throwing).
    func sleep(until deadline: ContinuousClock.Instant) async throws
}

/// The machine's monotonic clock.
public struct SystemClock: BatchClock {
    public init() {}

    public var now: ContinuousClock.Instant { .now }

    public func sleep(until deadline: ContinuousClock.Instant) async throws {
        try await Task.sleep(until: deadline, clock: .continuous)
    }
}
