import BatchKit
import Foundation
import Hummingbird
import Jobs
import LeatAPI
import Sandbox
import Testing

/// "The API is down" is said of the API, not of one request: a flaky API fails the unlucky rows
/// and the job goes on; an API that answers nothing stops the job, resumably.
@Suite(.timeLimit(.minutes(5))) struct APIHealthTests {
    @Test func aFlakyAPIFailsTheUnluckyRowsAndTheJobGoesOn() async throws {
        try await JobsHarness.with({
            $0.failRate = 0.1
            $0.dropRate = 0.05
            $0.seed = 11
        }) { sandbox in
            let file = ContactsFile(count: 2_000, distinct: 2_000)
            let input = try sandbox.write("contacts.csv", file.text.replacingOccurrences(of: "@nodot", with: "@example.org"))
            // Two attempts a request: one request in 44 uses them up (0.15²) and fails its row.
            let summary = try await sandbox.importContacts(input) {
                $0.run.retry = RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20))
            }
            #expect(summary.stopped == nil)
            #expect(summary.exitCode == 1)
            #expect(summary.failed > 10)
            #expect(Set(summary.errors.keys).isSubset(of: ["no-answer", "http-500", "http-503"]), "\(summary.errors)")
            let report = try ReportFile(path: summary.report)
            #expect(report.lines.sorted() == Array(2...(file.rows + 1)))
            let contacts = try await sandbox.contacts()
            for row in report.all where row["status"] == "ok" {
                let email = row["key"]!
                #expect(contacts[email]?["city"] == file.expected[email]?["city"] ?? contacts[email]?["city"])
            }
            let failed = try ReportFile(path: summary.failedRows ?? "")
            #expect(failed.all.count == summary.failed)
        }
    }

    @Test func anAPIThatAnswersNothingButFailuresStopsTheJob() async throws {
        try await HostileServer.with({ group, _ in
            // It passes the connection check, then answers every row with 503.
            group.get("contacts/find-or-create/async") { _, _ in Response.json(.serviceUnavailable, "{}") }
        }) { server, _ in
            let input = try Self.contactsFile(count: 500)
            var options = ImportOptions()
            options.changedOnly = .off
            options.run.concurrency = 4
            options.run.retry = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20))
            let summary = try await server.withClient { client in
                try await ImportContactsJob.run(input: input, options: options, client: client)
            }
            #expect(summary.exitCode == 3)
            #expect(
                summary.stopped?.contains("no request had an answer meanwhile") == true
                    || summary.stopped?.contains("the API is down") == true,
                "\(summary.stopped ?? "")")
            #expect(try ReportFile(path: summary.report).all.filter { $0["error_code"] == "http-503" }.isEmpty)
        }
    }

    @Test(arguments: ["http://127.0.0.1:9/api/v3/oauth/clients", "sandbox, wrong path"])
    func aWrongURLStopsAtTheConnectionCheck(url: String) async throws {
        try await JobsHarness.with { sandbox in
            let input = try Self.contactsFile(count: 500)
            let base = url.hasPrefix("sandbox") ? sandbox.sandbox.url + "/api/v2/oauth/clients" : url
            // The deadline is not what is tested: under the whole suite's load, 1 s let the sandbox's
            // 404 come too late and be told as no answer.
            let client = LeatClient(
                configuration: try LeatConfiguration(baseURL: base, token: "sandbox-token"), concurrency: 4, timeout: .seconds(10))
            var options = ImportOptions()
            options.changedOnly = .off
            options.run.retry = RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20))
            let result: Result<RunSummary, any Error>
            do { result = .success(try await ImportContactsJob.run(input: input, options: options, client: client)) } catch {
                result = .failure(error)
            }
            try await client.shutdown()
            let summary = try result.get()
            #expect(summary.exitCode == 3)
            #expect(
                summary.stopped?.hasPrefix("the connection check failed: Leat at \(base) (LEAT_API_URL)") == true,
                "\(summary.stopped ?? "")")
            // What happened, in words: nothing listening, or an answer that says the path is wrong.
            let said =
                url.hasPrefix("sandbox")
                ? "answered GET contact-attributes with HTTP 404"
                : "gave no answer to GET contact-attributes: connection refused: nothing listens at 127.0.0.1:9; check the URL"
            #expect(summary.stopped?.contains(said) == true, "\(summary.stopped ?? "")")
            #expect(try ReportFile(path: summary.report).all.isEmpty)
            #expect(try await sandbox.requests("GET /api/v3/oauth/clients/contacts/find-or-create/async") == 0)
        }
    }

    /// A server that goes away mid-run and comes back (a restart: connections refused meanwhile)
    /// is waited for, up to --down-after: every row ends ok and the job does not stop. An API
    /// that never took a connection is not waited for (`aWrongURLStopsAtTheConnectionCheck`).
    @Test func aServerThatRestartsMidRunIsWaitedFor() async throws {
        let first = try await SandboxServer.start(configuration: SandboxConfiguration())
        // Emails only, one request a row: a restarted sandbox has forgotten the contacts it made
        // before, so a row's PUT after its find-or-create would fail where a real server's would not.
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("restart-\(UUID().uuidString).csv").path
        try ("email\n" + (0..<1_000).map { "member\($0)@example.com\n" }.joined()).write(toFile: input, atomically: true, encoding: .utf8)
        var options = ImportOptions()
        options.changedOnly = .off
        options.run.concurrency = 8
        options.run.rate = .fixed(requestsPerSecond: 250)
        // Three attempts with waits of at most 100 ms: without the wait for the server, a second
        // of refused connections would fail rows, and stop the job.
        options.run.retry = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(5), maxDelay: .milliseconds(100))
        let restart = Task {
            try await Task.sleep(for: .milliseconds(500))
            await first.stop()
            try await Task.sleep(for: .seconds(1))
            var settings = SandboxConfiguration()
            settings.port = first.port
            return try await SandboxServer.start(configuration: settings)
        }
        let client = LeatClient(configuration: try LeatConfiguration(baseURL: first.leatBaseURL, token: "sandbox-token"), concurrency: 8)
        let result: Result<RunSummary, any Error>
        do { result = .success(try await ImportContactsJob.run(input: input, options: options, client: client)) } catch {
            result = .failure(error)
        }
        try await client.shutdown()
        let second = try await restart.value
        let sentToSecond = try await JobsHarness(sandbox: second, folder: FileManager.default.temporaryDirectory)
            .requests("GET /api/v3/oauth/clients/contacts/find-or-create/async")
        await second.stop()
        let summary = try result.get()
        #expect(summary.stopped == nil, "\(summary.stopped ?? "")")
        #expect(summary.exitCode == 0)
        #expect(summary.ok == 1_000, "\(summary.errors)")
        #expect(sentToSecond > 0 && sentToSecond < 1_000, "the run went on with the restarted server")
        let report = try ReportFile(path: summary.report)
        #expect(report.all.contains { Int($0["attempts"] ?? "") ?? 0 > 3 }, "a row waited longer than its attempts")
    }

    private static func contactsFile(count: Int) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("down-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let input = folder.appendingPathComponent("contacts.csv").path
        try ContactsFile(count: count, distinct: count).text.write(toFile: input, atomically: true, encoding: .utf8)
        return input
    }

    @Test func aRequestThatCannotConnectWaitsOnlyForAnAPIThatAnsweredAndOnlyUpToDownAfter() {
        let start = ContinuousClock.now
        let health = APIHealth(downAfter: .seconds(60), now: start)
        #expect(!health.worthWaiting(at: start + .seconds(1)), "never answered: a wrong URL, said at once")
        health.answered(at: start + .seconds(2))
        #expect(health.worthWaiting(at: start + .seconds(61)))
        #expect(!health.worthWaiting(at: start + .seconds(62)), "no answer for --down-after: the API is down")
    }

    @Test func theBreakerOpensOnFiftyFailuresInARowOrOnSilence() {
        let start = ContinuousClock.now
        let health = APIHealth(downAfter: .seconds(60), failuresInARow: 50, now: start)
        for index in 1..<49 { #expect(health.failed(at: start + .seconds(index)) == nil) }
        health.answered(at: start + .seconds(49))
        #expect(health.answered(since: start + .seconds(10)))
        #expect(!health.answered(since: start + .seconds(49)))
        for index in 1..<50 { #expect(health.failed(at: start + .seconds(50)) == nil, "failure \(index)") }
        #expect(health.failed(at: start + .seconds(50)) == "the last 50 requests all failed")

        let quiet = APIHealth(downAfter: .seconds(60), now: start)
        #expect(quiet.failed(at: start + .seconds(59)) == nil)
        #expect(quiet.failed(at: start + .seconds(61))?.hasPrefix("no answer for 61 s") == true)
    }
}
