import Synchronization

/// One per API: paces requests to a rate, and slows down when the server says so.
///
/// - **Pacing** (`--rate R`): requests leave evenly spaced, 1% under R, with no bursts — an idle
///   moment does not save up tokens — so a server counting R per second never sees R + 1.
/// - **The server's word**: a `429` pauses every request for its `Retry-After` (1 s when absent);
///   an answer saying `X-RateLimit-Remaining: 0` pauses new requests for 200 ms.
/// - **Adaptive** (`--adaptive`, no `--rate`): an `X-RateLimit-Limit` header L caps the rate at 98%
///   of L per window. Which window L counts in is documented nowhere, so it is inferred, never
///   assumed to be a second: the limiter first paces as if L were per minute (the safe guess) and
///   watches `X-RateLimit-Remaining` (``WindowProbe``): falling with every answer, the window is
///   long; staying up, it started again meanwhile, and L counts per second. A 429's `Retry-After`
///   longer than the window makes the window at least that long. Without the header, it starts at
///   10 requests/s and doubles every half second while the pacing is what holds requests back.
///   After a 429 it cuts the rate by 15% (at most once a second) and then grows it by 2% a second.
/// - **Unlimited** (neither): requests go as fast as the concurrency allows, still honouring 429s.
public final class RateLimiter: Sendable {
    /// How the rate is chosen.
    public enum Mode: Sendable, Equatable {
        case unlimited
        case fixed(requestsPerSecond: Double)
        case adaptive
    }

    /// What an answer said about the limit.
    public enum Signal: Sendable {
        /// An answer that was not throttled, with its `X-RateLimit-Limit` / `-Remaining` headers.
        case answered(limit: Int?, remaining: Int?)
        /// A `429`, with its `Retry-After` in seconds.
        case throttled(retryAfter: Double?)
    }

    public let mode: Mode
    /// What it paces by; the retries of the runner that uses it wait on it too.
    public let clock: any BatchClock
    private let state: Mutex<Guarded>
    static let startRate = 10.0

    public init(mode: Mode, clock: any BatchClock = SystemClock()) {
        self.mode = mode
        self.clock = clock
        let now = clock.now
        var initial = RateSchedule(rate: nil, nextSlot: now, pausedUntil: now, adaptive: false, lastChange: now)
        switch mode {
        case .unlimited: break
        case .fixed(let rate): initial.rate = rate * 0.99
        case .adaptive:
            initial.rate = Self.startRate
            initial.adaptive = true
        }
        state = Mutex(Guarded(schedule: initial))
    }

    /// The requests per second it paces to now (nil when unlimited).
    public var currentRate: Double? { state.withLock { $0.schedule.rate } }

    /// Waits until a request may leave.
    ///
    /// Each request reserves the next slot and sleeps until it; when the schedule changes meanwhile
    /// (a new rate, a 429's pause), every sleeping request is woken to reserve again on the new one.
    /// A request that wakes more than two intervals after its slot (a stalled machine) reserves
    /// again too, rather than leave in a burst with the others that woke late. Returns false, at
    /// once, when `control` stops the run (or the task is cancelled) while it waits: a 429's long
    /// pause does not hold up a Ctrl-C.
    @discardableResult
    public func acquire(until control: RunControl? = nil) async -> Bool {
        var slot = reserve()
        var slept = false
        while true {
            let now = clock.now
            if now < slot.at {
                guard control?.isRunning ?? true, !Task.isCancelled else { return false }
                await sleep(until: slot.at, generation: slot.generation, control: control)
                slept = true
                if state.withLock({ $0.schedule.generation }) != slot.generation { slot = reserve() }
                continue
            }
            guard slept, let interval = slot.interval, now - slot.at > interval * 2 else { return true }
            slot = reserve()
            slept = false
        }
    }

    private func reserve() -> Slot {
        let now = clock.now
        return state.withLock { $0.schedule.reserve(now: now) }
    }

    /// Sleeps until `deadline`, or until the schedule leaves `generation` or the run stops.
    private func sleep(until deadline: ContinuousClock.Instant, generation: Int, control: RunControl?) async {
        let clock = clock
        let sleeping = Task { try await clock.sleep(until: deadline) }
        let wake: @Sendable () -> Void = { sleeping.cancel() }
        let waiter = state.withLock { $0.add(wake, generation: generation) }
        if waiter == nil { wake() }
        await withTaskCancellationHandler {
            if let control {
                await control.onStop(wake) { _ = await sleeping.result }
            } else {
                _ = await sleeping.result
            }
        } onCancel: {
            wake()
        }
        if let waiter { state.withLock { _ = $0.waiters.removeValue(forKey: waiter) } }
    }

    /// The window the server's `X-RateLimit-Limit` is taken to count in (adaptive; nil before one was seen).
    public var window: Duration? { state.withLock { $0.schedule.window } }

    /// Takes in what an answer said (`at`: when it came; by default, the clock's now).
    public func record(_ signal: Signal, now at: ContinuousClock.Instant? = nil) {
        let now = at ?? clock.now
        let woken = state.withLock { guarded in
            let generation = guarded.schedule.generation
            switch signal {
            case .throttled(let retryAfter): guarded.schedule.throttled(retryAfter: retryAfter, now: now)
            case .answered(let limit, let remaining): guarded.schedule.answered(limit: limit, remaining: remaining, now: now)
            }
            return guarded.schedule.generation == generation ? [] : guarded.takeWaiters()
        }
        for wake in woken { wake() }
    }

    /// The schedule, and the requests sleeping until their slot in it.
    private struct Guarded {
        var schedule: RateSchedule
        var waiters: [Int: @Sendable () -> Void] = [:]
        var lastWaiter = 0

        /// Adds a sleeping request's wake-up; nil when the schedule left its slot's generation already.
        mutating func add(_ wake: @escaping @Sendable () -> Void, generation: Int) -> Int? {
            guard schedule.generation == generation else { return nil }
            lastWaiter += 1
            waiters[lastWaiter] = wake
            return lastWaiter
        }

        mutating func takeWaiters() -> [@Sendable () -> Void] {
            defer { waiters = [:] }
            return Array(waiters.values)
        }
    }
}

/// Watches `X-RateLimit-Remaining` while the limiter paces as if the limit counted per minute,
/// to tell which window it counts in. In a window longer than the watch, every answer takes one
/// from what remains, so it falls by about as many as there were answers (more when others share
/// the credential; a new window in between only raises the highest). In a window of a second, it
/// starts again every second and falls by far fewer. Answers that overtake each other only move
/// single values, not the highest and the lowest by much.
struct WindowProbe: Sendable {
    var start: ContinuousClock.Instant
    var answers = 0
    var highest = Int.min
    var lowest = Int.max

    /// How long it watches at least, and how many answers it needs.
    static let watch = Duration.milliseconds(2500)
    static let minimumAnswers = 4

    func adding(_ remaining: Int, at now: ContinuousClock.Instant) -> WindowProbe {
        var probe = self
        probe.answers += 1
        probe.highest = max(highest, remaining)
        probe.lowest = min(lowest, remaining)
        return probe
    }

    /// The window, once the watch is long enough: a second when what remains fell by less than half
    /// the answers, else a minute (a longer one shows itself through a 429's `Retry-After`).
    func verdict(at now: ContinuousClock.Instant) -> Duration? {
        guard answers >= Self.minimumAnswers, now - start >= Self.watch else { return nil }
        return 2 * (highest - lowest) < answers ? .seconds(1) : .seconds(60)
    }
}
