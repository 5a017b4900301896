import Foundation
import Jobs
import Testing

@testable import Desk

/// The desk's line of imports: at most `--jobs` run, the others wait their turn in order.
@Suite(.timeLimit(.minutes(5))) struct DeskQueueTests {
    static func request(_ key: String) -> DeskRuns.Request {
        DeskRuns.Request(
            key: key, folder: "/tmp", input: "in.csv", work: .run(.contacts(ImportOptions())), summaryName: "summary.json", job: key)
    }

    @Test func runsBeyondTheLimitWaitAndStartInOrderAsOthersFinish() {
        var state = DeskRuns.State(maxRunning: 2)
        #expect(state.ask(Self.request("a"))?.key == "a")
        #expect(state.ask(Self.request("b"))?.key == "b")
        #expect(state.ask(Self.request("c")) == nil && state.ask(Self.request("d")) == nil)
        #expect(state.ahead(of: "c") == 0 && state.ahead(of: "d") == 1)
        // Asked again while it waits: still one place in line.
        #expect(state.ask(Self.request("c")) == nil && state.waiting.count == 2)
        #expect(state.finished("a", .failed(DeskRuns.Failure(.noCapillaryHere)))?.key == "c")
        #expect(state.ahead(of: "d") == 0)
        state.cancel("d")
        #expect(state.waiting.isEmpty)
        guard case .failed(let why)? = state.statuses["d"] else {
            Issue.record("a cancelled run says so")
            return
        }
        #expect(why.phrasing?.key == Phrase.stoppedBeforeItBegan.rawValue)
        #expect(state.finished("b", .failed(DeskRuns.Failure(.noCapillaryHere))) == nil && state.running == 1)
    }

    @Test func withOneAtATimeTheSecondImportWaitsThenRuns() async throws {
        try await DeskHarness.with(jobs: 1, sandbox: { $0.latencyMilliseconds = 20 }) { desk in
            let csv = "email,firstname\n" + (1...200).map { "p\($0)@example.com,P\($0)\n" }.joined()
            var jobs: [String] = []
            for name in ["first.csv", "second.csv"] {
                let job = try #require(try await desk.upload(name, Array(csv.utf8)).headers[.location])
                #expect(
                    try await desk.post(job + "/mapping", "target[]=email&target[]=firstname&on-duplicate=last&blank=ignore").status
                        == .seeOther)
                #expect(try await desk.post(job + "/run").status == .seeOther)
                jobs.append(job)
            }
            let waiting = String(buffer: try await desk.client.execute(uri: jobs[1] + "/run", method: .get).body)
            #expect(waiting.contains("waiting for its turn") && waiting.contains("number 1 in line"))
            for job in jobs { #expect(try await desk.finishedRunPage(job).contains("<strong>200 ok</strong>")) }
        }
    }

    @Test func runsAtOnceShareOneRateLimit() async throws {
        var network = RunSettings()
        network.rate = .fixed(requestsPerSecond: 20)
        // The sandbox takes 25 requests a second: two limiters of 20 each would be refused (429)
        // and send requests again; one limiter of 20 for both never is.
        try await DeskHarness.with(network: network, sandbox: { $0.rateLimit = 25 }) { desk in
            var jobs: [String] = []
            for name in ["first", "second"] {
                // Contacts of their own: neither run finds the other's, however the two overlap.
                let csv = "email,firstname\n" + (1...20).map { "\(name)\($0)@example.com,P\($0)\n" }.joined()
                let job = try #require(try await desk.upload(name + ".csv", Array(csv.utf8)).headers[.location])
                #expect(
                    try await desk.post(job + "/mapping", "target[]=email&target[]=firstname&on-duplicate=last&blank=ignore").status
                        == .seeOther)
                jobs.append(job)
            }
            for job in jobs { #expect(try await desk.post(job + "/run").status == .seeOther) }
            var requests = 0
            for job in jobs {
                let page = try await desk.finishedRunPage(job)
                #expect(page.contains("<strong>20 ok</strong>"))
                requests +=
                    Int(DeskHarness.value(after: "</strong>; ", in: page.replacingOccurrences(of: " requests.", with: "\"")) ?? "") ?? 0
            }
            // Both ran at once, yet no request was refused and sent again: one limiter, not one each.
            // Each run: the attribute list, the first page of contacts (to weigh listing them all),
            // and a find-or-create and an update a row.
            #expect(requests == 2 * (1 + 20 * 2 + 1), "\(requests)")
        }
    }
}
