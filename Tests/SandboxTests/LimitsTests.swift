import AsyncHTTPClient
import Foundation
import NIOHTTP1
import Testing

/// Rate limits and injected faults, with a fixed seed.
@Suite(.timeLimit(.minutes(5))) struct LimitsTests {
    @Test func requestsPastTheLimitWithinTheWindowGet429() async throws {
        // A long window, so that the exact count does not depend on how fast a loaded machine sends.
        try await SandboxHarness.with({
            $0.rateLimit = 40
            $0.rateLimitWindow = .seconds(60)
        }) { sandbox in
            var statuses: [Int] = []
            var remaining: [Int] = []
            var retryAfter: [String] = []
            let start = ContinuousClock.now
            for _ in 0..<45 {
                let answer = try await sandbox.leat(.GET, "tiers")
                statuses.append(answer.status)
                remaining.append(Int(answer.headers["x-ratelimit-remaining"] ?? "") ?? -1)
                if answer.status == 429 { retryAfter.append(answer.headers["retry-after"] ?? "") }
            }
            #expect(statuses.filter { $0 == 429 }.count == 5)
            #expect(Array(statuses.prefix(40)) == Array(repeating: 200, count: 40))
            #expect(Array(remaining.prefix(3)) == [39, 38, 37])
            // What is left of the 60 s window: less the time the requests took (long on a loaded machine).
            let elapsed = Int((ContinuousClock.now - start) / .seconds(1))
            #expect(retryAfter.count == 5 && retryAfter.allSatisfy { (max(1, 59 - elapsed)...60).contains(Int($0) ?? 0) })
            #expect(try await sandbox.stats()["throttled"] as? Int == 5)
        }
    }

    @Test func theWindowStartsAgainAfterItEnds() async throws {
        try await SandboxHarness.with({
            $0.rateLimit = 2
            $0.rateLimitWindow = .milliseconds(300)
        }) { sandbox in
            var statuses: [Int] = []
            for _ in 0..<3 { statuses.append(try await sandbox.leat(.GET, "tiers").status) }
            // Asked until the window lets a request through again: a condition, not a guess at how
            // long a loaded machine takes. A window that never ends fails by the time limit.
            while try await sandbox.leat(.GET, "tiers").status == 429 {}
            // The third may land in a new window on a slow machine.
            #expect(statuses.first == 200 && statuses.filter { $0 == 429 }.count <= 1)
        }
    }

    @Test func failuresComeAtTheConfiguredShare() async throws {
        try await SandboxHarness.with({
            $0.failRate = 0.2
            $0.seed = 7
        }) { sandbox in
            var failed = 0
            for n in 0..<500 {
                let status = try await sandbox.leat(.GET, "contacts/find-or-create/async?email=f\(n)@example.com").status
                if status == 500 || status == 503 { failed += 1 }
            }
            // Binomial(500, 0.2): mean 100, standard deviation 9; the seed makes it repeatable.
            #expect((70...130).contains(failed))
            let faults = try await sandbox.stats()["faults"] as? [String: Int]
            #expect(faults?["failed"] == failed)
            // A failed request is not applied.
            #expect(try await sandbox.stats()["contacts"] as? Int == 500 - failed)
        }
    }

    @Test func droppedConnectionsAnswerNothingAndHalfAreApplied() async throws {
        try await SandboxHarness.with({
            $0.dropRate = 0.3
            $0.seed = 11
        }) { sandbox in
            var unanswered: [Int] = []
            for n in 0..<300 {
                do {
                    _ = try await sandbox.leat(.GET, "contacts/find-or-create/async?email=d\(n)@example.com")
                } catch {
                    unanswered.append(n)
                }
            }
            let stats = try await sandbox.stats()
            let faults = try #require(stats["faults"] as? [String: Int])
            let before = faults["dropped_before"] ?? 0
            let after = faults["dropped_after"] ?? 0
            #expect(unanswered.count == before + after)
            #expect((60...120).contains(unanswered.count))
            #expect(before > 15 && after > 15)
            // Lost responses were applied: the store holds every answered contact plus the dropped-after ones.
            #expect(stats["contacts"] as? Int == 300 - before)
        }
    }
}
