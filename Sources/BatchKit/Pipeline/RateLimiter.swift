import Synchronization

/// One per API: paces requests to a rate, and slows down when the server says so.
///
/// - **Pacing** (`--rate R`): requests leave evenly spaced, 1% under R, with no bursts — an idle
///   moment does not save up tokens — so a server counting R per second never sees R + 1.
/// - **The server's word**: a `429` pauses every request for its `Retry-After` (1 s when absent);
///   an answer saying `X-RateLimit-Remaining: 0` pauses new requests for 200 ms.
/// - **Adaptive** (`--adaptive`, no `--rate`): an `X-RateLimit-Limit` header sets the rate to 98%
///   of that limit per second and caps it there. Without one, it starts at 10 requests/s and
///   doubles every half second while the pacing is what holds requests back. After a 429 it cuts
///   the rate by 15% (at most once a second) and then grows it by 2% a second.
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

    struct State {
        var rate: Double?
        var nextSlot: ContinuousClock.Instant
        var pausedUntil: ContinuousClock.Instant
        var adaptive: Bool
        var slowStart = true
        var ceiling: Double?
        var lastChange: ContinuousClock.Instant
        var lastDecrease: ContinuousClock.Instant?
        var heldBack = false
        /// Changes whenever the schedule does, so that sleeping requests reserve again.
        var generation = 0

        /// A new rate or pause: reservations start over from now (or the pause's end).
        mutating func reschedule(now: ContinuousClock.Instant) {
            generation += 1
            nextSlot = max(now, pausedUntil)
        }
    }

    public let mode: Mode
    private let state: Mutex<State>
    static let startRate = 10.0

    public init(mode: Mode) {
        self.mode = mode
        let now = ContinuousClock.now
        var initial = State(rate: nil, nextSlot: now, pausedUntil: now, adaptive: false, lastChange: now)
        switch mode {
        case .unlimited: break
        case .fixed(let rate): initial.rate = rate * 0.99
        case .adaptive:
            initial.rate = Self.startRate
            initial.adaptive = true
        }
        state = Mutex(initial)
    }

    /// The requests per second it paces to now (nil when unlimited).
    public var currentRate: Double? { state.withLock { $0.rate } }

    /// Waits until a request may leave.
    ///
    /// Each request reserves the next slot and sleeps until it, waking at least every 50 ms: when
    /// the schedule changed meanwhile (a new rate, a 429's pause) it reserves again on the new one.
    /// A request that wakes more than two intervals after its slot (a stalled machine) reserves
    /// again too, rather than leave in a burst with the others that woke late. Returns false, at
    /// once, when `keepWaiting` says no more (the run is stopping): a 429's long pause does not
    /// hold up a Ctrl-C.
    @discardableResult
    public func acquire(while keepWaiting: () -> Bool = { true }) async -> Bool {
        var slot = reserve()
        var slept = false
        while true {
            let now = ContinuousClock.now
            if now < slot.at {
                guard keepWaiting() else { return false }
                try? await Task.sleep(for: min(slot.at - now, .milliseconds(50)))
                slept = true
                if state.withLock({ $0.generation }) != slot.generation { slot = reserve() }
                continue
            }
            guard slept, let interval = slot.interval, now - slot.at > interval * 2 else { return true }
            slot = reserve()
            slept = false
        }
    }

    private func reserve() -> (at: ContinuousClock.Instant, interval: Duration?, generation: Int) {
        state.withLock { state in
            var slot = max(ContinuousClock.now, state.pausedUntil)
            guard let rate = state.rate else { return (slot, nil, state.generation) }
            let interval = Duration.nanoseconds(Int64(1e9 / rate))
            if state.nextSlot > slot {
                slot = state.nextSlot
                state.heldBack = true
            }
            state.nextSlot = slot + interval
            return (slot, interval, state.generation)
        }
    }

    /// Takes in what an answer said.
    public func record(_ signal: Signal) {
        state.withLock { state in
            let now = ContinuousClock.now
            switch signal {
            case .throttled(let retryAfter):
                state.pausedUntil = max(state.pausedUntil, now + .milliseconds(Int64((retryAfter ?? 1) * 1000)))
                state.reschedule(now: now)
                guard state.adaptive, let rate = state.rate else { return }
                if let last = state.lastDecrease, now - last < .seconds(1) { return }
                state.rate = max(1, rate * 0.85)
                state.slowStart = false
                state.lastDecrease = now
                state.lastChange = now
                state.heldBack = false
            case .answered(let limit, let remaining):
                if remaining == 0 {
                    state.pausedUntil = max(state.pausedUntil, now + .milliseconds(200))
                    state.reschedule(now: now)
                }
                guard state.adaptive, let before = state.rate else { return }
                if let limit, limit > 0 {
                    state.ceiling = Double(limit) * 0.98
                    // The server said its limit: go just under it rather than creep up to it.
                    if state.slowStart {
                        state.rate = state.ceiling
                        state.slowStart = false
                        state.lastChange = now
                    }
                }
                if now - state.lastChange >= (state.slowStart ? .milliseconds(500) : .seconds(1)) {
                    if state.heldBack { state.rate = before * (state.slowStart ? 2 : 1.02) }
                    state.lastChange = now
                    state.heldBack = false
                }
                if let ceiling = state.ceiling, let rate = state.rate, rate > ceiling { state.rate = ceiling }
                if state.rate != before { state.reschedule(now: now) }
            }
        }
    }
}
