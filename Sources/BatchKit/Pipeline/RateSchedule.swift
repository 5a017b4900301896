/// A request's place in the schedule: when it may leave, the interval it was paced at (nil when
/// unlimited), and the schedule's generation it was given in.
struct Slot {
    var at: ContinuousClock.Instant
    var interval: Duration?
    var generation: Int
}

/// The ``RateLimiter``'s schedule, as a value: answers and 429s come in as events at a given
/// time and change it; requests take their slots from it. The limiter holds it under its lock,
/// and tests drive it with made-up times.
struct RateSchedule {
    var rate: Double?
    var nextSlot: ContinuousClock.Instant
    var pausedUntil: ContinuousClock.Instant
    var adaptive: Bool
    var slowStart = true
    var ceiling: Double?
    var lastChange: ContinuousClock.Instant
    var lastDecrease: ContinuousClock.Instant?
    var heldBack = false
    /// The window the server's limit counts in, as far as it is known (a minute until shown shorter).
    var window: Duration?
    var probe: WindowProbe?
    var limit: Int?
    /// Changes whenever the schedule does, so that sleeping requests reserve again.
    var generation = 0

    /// A new rate or pause: reservations start over from now (or the pause's end).
    mutating func reschedule(now: ContinuousClock.Instant) {
        generation += 1
        nextSlot = max(now, pausedUntil)
    }

    /// The next slot from `now`: after the pause, one interval after the slot before it.
    mutating func reserve(now: ContinuousClock.Instant) -> Slot {
        var slot = max(now, pausedUntil)
        guard let rate else { return Slot(at: slot, interval: nil, generation: generation) }
        let interval = Duration.nanoseconds(Int64(1e9 / rate))
        if nextSlot > slot {
            slot = nextSlot
            heldBack = true
        }
        nextSlot = slot + interval
        return Slot(at: slot, interval: interval, generation: generation)
    }

    /// A 429 at `now`: every request waits out its `Retry-After` (1 s when absent); adaptive, the
    /// rate falls by 15% (at most once a second), and a pause longer than the window lengthens it.
    mutating func throttled(retryAfter: Double?, now: ContinuousClock.Instant) {
        pausedUntil = max(pausedUntil, now + .milliseconds(Int64((retryAfter ?? 1) * 1000)))
        reschedule(now: now)
        guard adaptive, var rate else { return }
        if let retryAfter, let window, let limit, .seconds(retryAfter) > window {
            // The window does not end for that long: it is at least that long.
            let longer = Duration.seconds(retryAfter.rounded(.up))
            self.window = longer
            probe = nil
            let ceiling = RateLimiter.ceiling(limit: limit, window: longer)
            self.ceiling = ceiling
            rate = min(rate, ceiling)
            self.rate = rate
        }
        if let lastDecrease, now - lastDecrease < .seconds(1) { return }
        self.rate = max(0.01, rate * 0.85)
        slowStart = false
        lastDecrease = now
        lastChange = now
        heldBack = false
    }

    /// An answer at `now` with its `X-RateLimit-Limit` and `-Remaining`: none remaining pauses new
    /// requests for 200 ms; adaptive, the limit sets the ceiling (in the window inferred so far)
    /// and the rate grows towards it while the pacing holds requests back.
    mutating func answered(limit: Int?, remaining: Int?, now: ContinuousClock.Instant) {
        if remaining == 0 {
            pausedUntil = max(pausedUntil, now + .milliseconds(200))
            reschedule(now: now)
        }
        guard adaptive, let before = rate else { return }
        if let limit, limit > 0 {
            self.limit = limit
            let window = self.window ?? .seconds(60)
            if self.window == nil { probe = WindowProbe(start: now) }
            self.window = window
            var decided: Duration?
            if let remaining, let probe {
                let watched = probe.adding(remaining, at: now)
                decided = watched.verdict(at: now)
                self.probe = decided == nil ? watched : nil
            }
            let ceiling = RateLimiter.ceiling(limit: limit, window: decided ?? window)
            if let decided { self.window = decided }
            self.ceiling = ceiling
            // The server said its limit: go just under it rather than creep up to it.
            if slowStart || decided != nil {
                rate = ceiling
                slowStart = false
                lastChange = now
            }
        }
        if now - lastChange >= (slowStart ? .milliseconds(500) : .seconds(1)) {
            if heldBack { rate = before * (slowStart ? 2 : 1.02) }
            lastChange = now
            heldBack = false
        }
        if let ceiling, let rate, rate > ceiling { self.rate = ceiling }
        if rate != before { reschedule(now: now) }
    }
}

extension RateLimiter {
    /// 98% of `limit` per `window`, in requests per second, and 1.5 under it at least: evenly
    /// spaced requests at L per window put L + 1 into some windows, and a small L has little room.
    static func ceiling(limit: Int, window: Duration) -> Double {
        min(Double(limit) * 0.98, Double(limit) - 1.5) / max(window.seconds, 0.001)
    }
}
