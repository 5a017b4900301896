import Testing

@testable import BatchKit

/// The rate limiter's schedule as a value: events in, slots out, at made-up times.
@Suite(.timeLimit(.minutes(5))) struct RateScheduleTests {
    static let start = ContinuousClock.now

    static func fixed(_ rate: Double) -> RateSchedule {
        RateSchedule(rate: rate, nextSlot: start, pausedUntil: start, adaptive: false, lastChange: start)
    }

    @Test func slotsAreEvenlySpacedAndA429PausesThemAll() {
        var schedule = Self.fixed(10)
        let slots = (0..<3).map { _ in schedule.reserve(now: Self.start).at }
        #expect(slots == [Self.start, Self.start + .milliseconds(100), Self.start + .milliseconds(200)])
        let generation = schedule.generation
        schedule.throttled(retryAfter: 2, now: Self.start + .milliseconds(50))
        #expect(schedule.generation == generation + 1)
        #expect(schedule.reserve(now: Self.start + .milliseconds(60)).at == Self.start + .milliseconds(2050))
        // Not adaptive: the rate is what it was told.
        #expect(schedule.rate == 10)
    }

    @Test func adaptiveCutsItsRateOnceASecondAndGoesUnderTheLimitItIsTold() {
        var schedule = RateSchedule(rate: 10, nextSlot: Self.start, pausedUntil: Self.start, adaptive: true, lastChange: Self.start)
        schedule.throttled(retryAfter: nil, now: Self.start)
        schedule.throttled(retryAfter: nil, now: Self.start + .milliseconds(500))
        #expect(schedule.rate == 8.5)
        schedule.throttled(retryAfter: nil, now: Self.start + .seconds(2))
        #expect(schedule.rate == 8.5 * 0.85)
        // A limit of 600 is taken to count per minute until shown otherwise.
        schedule.answered(limit: 600, remaining: 500, now: Self.start + .seconds(3))
        #expect(schedule.window == .seconds(60) && schedule.ceiling == RateLimiter.ceiling(limit: 600, window: .seconds(60)))
        #expect(schedule.rate! <= schedule.ceiling!)
        // None remaining: new requests wait 200 ms.
        schedule.answered(limit: 600, remaining: 0, now: Self.start + .seconds(4))
        #expect(schedule.pausedUntil == Self.start + .seconds(4) + .milliseconds(200))
    }
}
