import Foundation
import FuzzSupport
import Synchronization
import Testing

@testable import BatchKit

@Suite(.timeLimit(.minutes(5))) struct RowEngineTests {
    /// Keys in flight and the peak, as the engine's tasks see them.
    final class Watch: Sendable {
        struct State {
            var busyKeys: Set<String> = []
            var inFlight = 0
            var peak = 0
            var overlaps = 0
        }
        let state = Mutex(State())
    }

    @Test func sameKeyRowsNeverOverlapAndFinishInInputOrderWithinTheWindow() async throws {
        let watch = Watch()
        let items = (0..<2_000).map { (index: $0, key: "k\(($0 * 7919) % 37)") }
        var iterator = items.makeIterator()
        var read = 0
        var finished: [String: [Int]] = [:]
        var mostAhead = 0
        try await RowEngine(concurrency: 8, parkedLimit: 16).run(
            control: RunControl(),
            next: {
                read += 1
                return iterator.next()
            },
            key: { $0.key },
            perform: { item in
                watch.state.withLock {
                    if !$0.busyKeys.insert(item.key).inserted { $0.overlaps += 1 }
                    $0.inFlight += 1
                    $0.peak = max($0.peak, $0.inFlight)
                }
                try? await Task.sleep(for: .microseconds(Int.random(in: 0...300)))
                watch.state.withLock {
                    $0.busyKeys.remove(item.key)
                    $0.inFlight -= 1
                }
                return item.index
            },
            finish: { item, index in
                finished[item.key, default: []].append(index)
                mostAhead = max(mostAhead, read - finished.values.reduce(0) { $0 + $1.count })
            })
        let state = watch.state.withLock { $0 }
        #expect(state.overlaps == 0)
        #expect(state.peak <= 8 && state.peak > 1)
        #expect(finished.values.reduce(0) { $0 + $1.count } == items.count)
        #expect(finished.values.allSatisfy { $0 == $0.sorted() })
        // Back-pressure: the reader is never more than the window and the parked rows ahead.
        #expect(mostAhead <= 8 + 16 + 1)
    }

    @Test(.timeLimit(.minutes(1))) func rowsWaitingToRetryLeaveTheirPlacesUpToTwiceTheWindow() async throws {
        let watch = Watch()
        let waits = RetryWaits()
        let gate = Gate()
        var next = 0
        try await RowEngine(concurrency: 4).run(
            control: RunControl(),
            retryWaits: waits,
            next: {
                next += 1
                return next <= 100 ? next : nil
            },
            key: { String($0) },
            perform: { item in
                let peak = watch.state.withLock {
                    $0.inFlight += 1
                    $0.peak = max($0.peak, $0.inFlight)
                    return $0.peak
                }
                // Every other row waits to retry, as on a flaky API, until the engine has started
                // rows in the places of waiting ones (more than 4 in flight); the others finish at
                // once. An engine that kept its places would wait here until the time limit.
                if peak > 4 { await gate.open() }
                if item % 2 == 1 { await waits.counting { await gate.passed() } }
                await Task.yield()
                watch.state.withLock { $0.inFlight -= 1 }
                return item
            },
            finish: { _, _ in })
        let peak = watch.state.withLock { $0.peak }
        #expect(peak > 4 && peak <= 8)
        #expect(waits.current == 0)
    }

    @Test func drainingTakesNoNewRowsButFinishesThoseInFlight() async throws {
        let control = RunControl()
        var started = 0
        var finished = 0
        try await RowEngine(concurrency: 4).run(
            control: control,
            next: {
                started += 1
                if started == 10 { control.drain(reason: "test") }
                return started
            },
            key: { String($0) },
            perform: { $0 },
            finish: { _, _ in finished += 1 })
        #expect(started == 10)
        #expect(finished == 10)
        #expect(control.reason == "test" && control.maySend && !control.isRunning)
    }

    @Test func aFailingRecordAbortsAndIsRethrown() async throws {
        struct DiskFull: Error {}
        let control = RunControl()
        var count = 0
        await #expect(throws: DiskFull.self) {
            try await RowEngine(concurrency: 2).run(
                control: control,
                next: {
                    count += 1
                    return count
                },
                key: { String($0) },
                perform: { $0 },
                finish: { _, value in if value == 5 { throw DiskFull() } })
        }
        #expect(control.state == .aborting)
        #expect(count < 10)
    }
}

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
        counts.phase = "listing contacts"
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

@Suite(.timeLimit(.minutes(5))) struct ResumeLedgerTests {
    @Test func readsFinishedLinesAndCutsARecordAKillLeftHalfWritten() throws {
        let folder = TestSupport.temporaryFolder()
        let path = folder.appendingPathComponent("r.csv").path
        let report = try ReportWriter(path: path)
        try report.write(ReportLine(line: 2, key: "a@example.com", action: .updated, ok: true, uuid: "u1", attempts: 1))
        try report.write(
            ReportLine(line: 4, key: "b@example", action: .failed, ok: false, errorCode: "invalid-email", errorMessage: "=no dot"))
        try report.write(ReportLine(line: 130, key: "c@example.com", action: .wouldCreate, ok: true))
        try report.flush()
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data("7,d@example.com,upd".utf8))
        try handle.close()

        let ledger = try ResumeLedger.load(reportPath: path)
        #expect(ledger.reportExists && ledger.count == 2)
        #expect(ledger.isFinished(2) && ledger.isFinished(4) && !ledger.isFinished(3) && !ledger.isFinished(7) && !ledger.isFinished(130))
        #expect(ledger.failures == [4: RowProblem(code: "invalid-email", message: "=no dot")])
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasSuffix("would-create,ok,,,,0,,0\r\n"))

        #expect(try !ResumeLedger.load(reportPath: folder.appendingPathComponent("none.csv").path).reportExists)
        let other = TestSupport.temporaryFile(Array("a,b\n1,2\n".utf8))
        #expect(throws: InputError.self) { try ResumeLedger.load(reportPath: other) }
    }
}

/// Holds those who pass it until it opens.
actor Gate {
    private var isOpen = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func passed() async {
        guard !isOpen else { return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func open() {
        isOpen = true
        for waiter in waiting { waiter.resume() }
        waiting = []
    }
}
