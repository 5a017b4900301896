import Synchronization

/// One per API: paces requests to a rate, and slows down when the server says so.
///
/// - **Pacing** (`--rate R`): requests leave evenly spaced, 1% under R, with no bursts — an idle
///   moment does not save up tokens — so a server counting R per second never sees R + 1.
/// - **The server's word**: a `429` pauses every request for its `Retry-After` (1 s when absent);
///   an answer saying `X-RateLimit-Remaining: 0` pauses new requests for 200 ms.
/// - **Adaptive** (`--adaptive`, no `--rate`): starts at 10 requests/s and doubles every half
///   second while the pacing is what holds requests back; after the first 429 it cuts the rate by
///   15% (at most once a second) and then grows it by 2% a second. An `X-RateLimit-Limit` header
///   caps the rate at 98% of that limit per second.
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
    public func acquire() async {
        let wait = state.withLock { state -> Duration in
            let now = ContinuousClock.now
            var slot = max(now, state.pausedUntil)
            if let rate = state.rate {
                if state.nextSlot > slot {
                    slot = state.nextSlot
                    state.heldBack = true
                }
                state.nextSlot = slot + .nanoseconds(Int64(1e9 / rate))
            }
            return slot - now
        }
        if wait > .zero { try? await Task.sleep(for: wait) }
    }

    /// Takes in what an answer said.
    public func record(_ signal: Signal) {
        state.withLock { state in
            let now = ContinuousClock.now
            switch signal {
            case .throttled(let retryAfter):
                state.pausedUntil = max(state.pausedUntil, now + .milliseconds(Int64((retryAfter ?? 1) * 1000)))
                guard state.adaptive, let rate = state.rate else { return }
                if let last = state.lastDecrease, now - last < .seconds(1) { return }
                state.rate = max(1, rate * 0.85)
                state.slowStart = false
                state.lastDecrease = now
                state.lastChange = now
                state.heldBack = false
            case .answered(let limit, let remaining):
                if remaining == 0 { state.pausedUntil = max(state.pausedUntil, now + .milliseconds(200)) }
                guard state.adaptive, let rate = state.rate else { return }
                if let limit, limit > 0 { state.ceiling = Double(limit) * 0.98 }
                let period: Duration = state.slowStart ? .milliseconds(500) : .seconds(1)
                guard now - state.lastChange >= period else { return }
                if state.heldBack {
                    state.rate = state.slowStart ? rate * 2 : rate * 1.02
                }
                if let ceiling = state.ceiling, state.rate! > ceiling { state.rate = ceiling }
                state.lastChange = now
                state.heldBack = false
            }
        }
    }
}
