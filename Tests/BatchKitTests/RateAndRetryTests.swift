import FuzzSupport
import Synchronization
import Testing

@testable import BatchKit

@Suite(.timeLimit(.minutes(5))) struct RateAndRetryTests {
    @Test func backoffDoublesWithJitterAndHonoursRetryAfter() {
        let policy = RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(100), maxDelay: .seconds(1))
        for attempt in 1...6 {
            let ceiling = min(0.1 * Double(1 << (attempt - 1)), 1.0)
            let delays = (0..<50).map { _ in policy.delay(afterAttempt: attempt).seconds }
            #expect(delays.allSatisfy { $0 >= ceiling / 2 - 0.001 && $0 <= ceiling + 0.001 })
            #expect(Set(delays).count > 1)
        }
        #expect(policy.delay(afterAttempt: 1, retryAfter: 3).seconds >= 3)
    }

    @Test func aFixedRateSpacesRequestsWithoutBursts() async {
        let clock = TestClock()
        let limiter = RateLimiter(mode: .fixed(requestsPerSecond: 200), clock: clock)
        let took = await clock.drive(step: .milliseconds(1)) { for _ in 0..<41 { await limiter.acquire() } }
        // 40 intervals at 1% under 200/s: 202 ms, each request leaving at its slot (to the clock's 1 ms step).
        #expect(took >= .milliseconds(202) && took < .milliseconds(204), "\(took)")
        #expect(limiter.currentRate == 198)
    }

    @Test func a429PausesEveryoneForItsRetryAfter() async {
        let clock = TestClock()
        let limiter = RateLimiter(mode: .unlimited, clock: clock)
        limiter.record(.throttled(retryAfter: 0.3))
        let took = await clock.drive(step: .milliseconds(1)) { await limiter.acquire() }
        #expect(took == .milliseconds(300))
    }

    @Test func aStopEndsTheWaitForASlotAtOnce() async {
        let clock = TestClock()
        let limiter = RateLimiter(mode: .unlimited, clock: clock)
        let control = RunControl()
        let start = clock.now
        limiter.record(.throttled(retryAfter: 3600))
        let waiting = Task { await limiter.acquire(until: control) }
        await clock.untilSleeping(1)
        control.drain(reason: "Ctrl-C")
        #expect(await waiting.value == false)
        #expect(clock.now == start, "no time went by: the stop woke it, not a poll")
    }

    @Test func aSleepingRequestReservesAgainTheMomentTheScheduleChanges() async {
        let clock = TestClock()
        let limiter = RateLimiter(mode: .fixed(requestsPerSecond: 10), clock: clock)
        let start = clock.now
        await limiter.acquire()
        // The next slot is 101 ms away; a 429 asking for 20 ms starts the schedule over from there.
        let second = Task { await limiter.acquire() }
        await clock.untilSleeping(1)
        limiter.record(.throttled(retryAfter: 0.02))
        clock.advance(by: .milliseconds(20))
        #expect(await second.value)
        #expect(clock.now - start == .milliseconds(20))
    }

    @Test func aRetryWaitsItsDelayOnTheRunnersClock() async {
        let clock = TestClock()
        let runner = RequestRunner(limiter: RateLimiter(mode: .unlimited, clock: clock), policy: RetryPolicy(), control: RunControl())
        let waited = Atomic(false)
        let took = await clock.drive(step: .milliseconds(100)) { waited.store(await runner.wait(.seconds(2)), ordering: .relaxed) }
        #expect(waited.load(ordering: .relaxed) && took == .seconds(2))
    }

    @Test func adaptiveGrowsWhileHeldBackTakesAnAdvertisedLimitAndBacksOffOn429() async throws {
        let clock = TestClock()
        let limiter = RateLimiter(mode: .adaptive, clock: clock)
        #expect(limiter.currentRate == RateLimiter.startRate)
        _ = await clock.drive(step: .milliseconds(1)) {
            for _ in 0..<30 {
                await limiter.acquire()
                await limiter.acquire()
                limiter.record(.answered(limit: nil, remaining: nil))
                try? await clock.sleep(until: clock.now + .milliseconds(20))
            }
        }
        #expect(limiter.currentRate! >= 2 * RateLimiter.startRate, "doubled at least once in 0.6 s of being held back")
        limiter.record(.answered(limit: 40, remaining: 10))
        #expect(limiter.currentRate == 38.5 / 60, "per minute until the answers show a shorter window")
        limiter.record(.throttled(retryAfter: 0))
        #expect(abs(limiter.currentRate! - 38.5 / 60 * 0.85) < 1e-9)
        limiter.record(.throttled(retryAfter: 0))
        #expect(abs(limiter.currentRate! - 38.5 / 60 * 0.85) < 1e-9, "one cut per second at most")
    }

    /// Answers as a server with `limit` per `window` gives them to requests sent evenly at `rate`
    /// per second for `seconds`, fixed windows starting at the first request.
    private static func answers(limit: Int, window: Double, rate: Double, seconds: Double) -> [(at: Double, remaining: Int)] {
        var result: [(at: Double, remaining: Int)] = []
        var windowStart = 0.0
        var used = 0
        for index in 0..<Int(rate * seconds) {
            let at = Double(index) / rate
            if at - windowStart >= window { (windowStart, used) = (at, 0) }
            used += 1
            result.append((at, max(0, limit - used)))
        }
        return result
    }

    @Test(arguments: [
        (limit: 600, window: 60.0, expected: 60), (limit: 3000, window: 60.0, expected: 60), (limit: 10, window: 60.0, expected: 60),
        (limit: 50, window: 1.0, expected: 1), (limit: 3000, window: 1.0, expected: 1), (limit: 120, window: 1.0, expected: 1),
    ])
    func adaptiveInfersTheWindowFromHowRemainingFalls(limit: Int, window: Double, expected: Int) {
        let limiter = RateLimiter(mode: .adaptive)
        let start = ContinuousClock.now
        // Paced as if per minute until the window is known: 98% of limit / 60 a second.
        for answer in Self.answers(limit: limit, window: window, rate: Double(limit) * 0.98 / 60, seconds: 8) {
            limiter.record(.answered(limit: limit, remaining: answer.remaining), now: start + .seconds(answer.at))
        }
        #expect(limiter.window == .seconds(expected))
        #expect(abs(limiter.currentRate! - RateLimiter.ceiling(limit: limit, window: .seconds(expected))) < 1e-9)
    }

    @Test func answersThatOvertakeEachOtherDoNotMakeAMinuteLookLikeASecond() {
        let limiter = RateLimiter(mode: .adaptive)
        let start = ContinuousClock.now
        var answers = Self.answers(limit: 600, window: 60, rate: 9.8, seconds: 4)
        for index in stride(from: 0, to: answers.count - 8, by: 8) { answers[index..<(index + 8)].reverse() }
        for (index, answer) in answers.enumerated() {
            limiter.record(.answered(limit: 600, remaining: answer.remaining), now: start + .seconds(Double(index) / 9.8))
        }
        #expect(limiter.window == .seconds(60))
    }

    @Test func aStepBeforeTheRowsShowsItsPagesNotRows() {
        let reporter = ProgressReporter(style: .quiet)
        var counts = JobProgress()
        counts.elapsed = .seconds(1)
        counts.phase = .listingContacts
        counts.pagesDone = 3
        counts.lastPage = 10
        #expect(reporter.line(counts) == "listing contacts: page 3 / 10")
        counts.phase = nil
        counts.pagesDone = nil
        counts.ok = 5
        #expect(reporter.line(counts).hasPrefix("5 rows · ok 5"))
    }

    @Test func aRetryAfterLongerThanTheWindowLengthensIt() {
        let limiter = RateLimiter(mode: .adaptive)
        let start = ContinuousClock.now
        for answer in Self.answers(limit: 50, window: 1, rate: 50 * 0.98 / 60, seconds: 6) {
            limiter.record(.answered(limit: 50, remaining: answer.remaining), now: start + .seconds(answer.at))
        }
        #expect(limiter.window == .seconds(1))
        limiter.record(.throttled(retryAfter: 42), now: start + .seconds(7))
        #expect(limiter.window == .seconds(42))
        #expect(limiter.currentRate! <= 48.5 / 42)
    }
}
