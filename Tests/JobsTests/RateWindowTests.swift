import BatchKit
import Jobs
import Testing

/// `--adaptive` against limits per minute and per second, without being told which.
@Suite(.timeLimit(.minutes(5))) struct RateWindowTests {
    @Test(arguments: [(limit: 600, window: Duration.seconds(60), rows: 50), (limit: 40, window: Duration.seconds(1), rows: 150)])
    func adaptiveKeepsUnderALimitPerMinuteOrPerSecond(limit: Int, window: Duration, rows: Int) async throws {
        try await JobsHarness.with({
            $0.rateLimit = limit
            $0.rateLimitWindow = window
        }) { sandbox in
            let input = try sandbox.write("in.csv", "email,city\n" + (0..<rows).map { "user\($0)@example.com,City\($0)\n" }.joined())
            let summary = try await sandbox.importContacts(input) { $0.run.rate = .adaptive }
            #expect(summary.ok == rows)
            let stats = try await sandbox.stats()
            let total = stats["requests_total"] as? Int ?? 0
            let throttled = stats["throttled"] as? Int ?? 0
            #expect(total >= 2 * rows + 1)
            #expect(Double(throttled) < 0.02 * Double(total), "\(throttled) of \(total) requests were answered 429")
        }
    }

    @Test func theRateIsWrittenPerSecondOrPerMinute() {
        #expect(RequestRate("50")?.perSecond == 50)
        #expect(RequestRate("50/s")?.perSecond == 50)
        #expect(RequestRate("3000/min")?.perSecond == 50)
        #expect(RequestRate("0.5/min")?.perSecond == 0.5 / 60)
        for wrong in ["", "fast", "50/h", "-3/min", "0", "nan/s", "50/"] { #expect(RequestRate(wrong) == nil, "\(wrong)") }
    }
}
