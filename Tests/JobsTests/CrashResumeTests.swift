import Foundation
import Testing

/// The real `loyalty-batch` binary, killed with SIGKILL partway and run again with `--resume`.
@Suite(.timeLimit(.minutes(5))) struct CrashResumeTests {
    /// `.build/debug/loyalty-batch`, built with the tests (`swift build --build-tests`).
    static let binary = FileManager.default.currentDirectoryPath + "/.build/debug/loyalty-batch"

    @Test func killedPartwayThenResumedEndsExactlyOnce() async throws {
        try await JobsHarness.with({ $0.latencyMilliseconds = 1 }) { sandbox in
            let file = ContactsFile(count: 20_000, distinct: 20_000)
            let rows = file.rows - file.invalidLines.count
            let input = try sandbox.write("big.csv", file.text.replacingOccurrences(of: "@nodot", with: "@example.org"))
            let report = input + ".report.csv"
            let environment = sandbox.environment

            // Row by row: with --changed-only, a row whose PUT went through before the kill would
            // find its values listed and cost nothing, so PUTs could not be counted exactly.
            let first = try await Self.startThenKill(
                [input, "--quiet", "--changed-only", "off"], environment: environment, once: report, has: 3_000)
            #expect(first.terminationReason == .uncaughtSignal)

            let finished = Self.completeLines(report)
            let putsBefore = try await sandbox.requests("PUT /api/v3/oauth/clients/contacts/{uuid}")
            #expect(finished < file.rows)

            let second = try Self.start([input, "--resume", "--quiet", "--changed-only", "off"], environment: environment)
            await Self.exit(of: second)
            #expect(second.terminationStatus == 0)

            // No row whose outcome was written before the kill was PUT again: one PUT per row left.
            let putsAfter = try await sandbox.requests("PUT /api/v3/oauth/clients/contacts/{uuid}")
            #expect(putsAfter - putsBefore == file.rows - finished)
            let lines = try ReportFile(path: report)
            #expect(lines.lines.sorted() == Array(2...(file.rows + 1)))
            #expect(lines.all.allSatisfy { $0["status"] == "ok" })
            #expect(try await sandbox.contacts().count == rows + file.invalidLines.count)
        }
    }

    @Test func killedPartwayThroughAFlakyAPIThenResumedEndsWithOneLineARow() async throws {
        try await JobsHarness.with({
            $0.latencyMilliseconds = 1
            $0.failRate = 0.05
            $0.dropRate = 0.02
            $0.seed = 5
        }) { sandbox in
            let file = ContactsFile(count: 10_000, distinct: 10_000)
            let input = try sandbox.write("flaky.csv", file.text)
            let report = input + ".report.csv"
            let environment = sandbox.environment

            // 7% of attempts fail here: with the default 5 attempts, one request in 600,000 uses them up,
            // and one run in 25 would fail a valid row for good. 10 attempts make that one in 10^12.
            _ = try await Self.startThenKill(
                [input, "--quiet", "--max-attempts", "10"], environment: environment, once: report, has: 2_000)

            let second = try Self.start([input, "--resume", "--quiet", "--max-attempts", "10"], environment: environment)
            await Self.exit(of: second)
            #expect(second.terminationStatus == 1)  // the invalid emails
            let lines = try ReportFile(path: report)
            #expect(lines.lines.sorted() == Array(2...(file.rows + 1)))
            let failed = lines.all.filter { $0["status"] == "failed" }
            #expect(
                failed.compactMap { Int($0["line"]!) }.sorted() == file.invalidLines,
                "\(failed.filter { $0["error_code"] != "invalid-email" })")
            #expect(try await sandbox.contacts() == file.expected)
        }
    }

    @Test func ctrlCDrainsThenASecondQuitsAtOnceAndBothResume() async throws {
        // 50 ms a request: a drain takes up to 100 ms, time for a second press to land during it.
        try await JobsHarness.with({ $0.latencyMilliseconds = 50 }) { sandbox in
            let file = ContactsFile(count: 300, distinct: 300)
            let input = try sandbox.write("interrupted.csv", file.text)
            let report = input + ".report.csv"
            let environment = sandbox.environment

            // One Ctrl-C: the rows in flight finish, the run says it stopped, exit 3.
            let first = try Self.start([input, "--quiet", "--concurrency", "4"], environment: environment)
            while Self.completeLines(report) < 20 && first.isRunning { try await Task.sleep(for: .milliseconds(5)) }
            kill(first.processIdentifier, SIGINT)
            await Self.exit(of: first)
            #expect(first.terminationStatus == 3)
            let drained = Self.completeLines(report)
            #expect(drained >= 20 && drained < file.rows)

            // Two: it quits at once, exit 130.
            let said = input + ".errors.txt"
            let second = try Self.start([input, "--resume", "--quiet", "--concurrency", "4"], environment: environment, errors: said)
            while Self.completeLines(report) < drained + 20 && second.isRunning { try await Task.sleep(for: .milliseconds(5)) }
            kill(second.processIdentifier, SIGINT)
            // The second once the first was taken (two signals of a kind sent together may be one).
            while second.isRunning, (try? String(contentsOfFile: said, encoding: .utf8))?.contains("stopping:") != true {
                try await Task.sleep(for: .milliseconds(5))
            }
            kill(second.processIdentifier, SIGINT)
            await Self.exit(of: second)
            #expect(second.terminationStatus == 130)

            let third = try Self.start([input, "--resume", "--quiet"], environment: environment)
            await Self.exit(of: third)
            #expect(third.terminationStatus == 1)
            let lines = try ReportFile(path: report)
            #expect(lines.lines.sorted() == Array(2...(file.rows + 1)))
            #expect(try await sandbox.contacts() == file.expected)
        }
    }

    @Test func invitesKilledPartwayThenResumedReachCapillaryExactlyOnce() async throws {
        try await JobsHarness.with({
            $0.seedCustomers = 100
            $0.latencyMilliseconds = 5
            $0.dropRate = 0.02
        }) { sandbox in
            let file = InvitesFile(count: 20_000, referrers: 100)
            let input = try sandbox.write("invites.csv", file.text)
            let report = input + ".report.csv"
            let environment = [
                "CAPILLARY_API_URL": sandbox.sandbox.capillaryBaseURL, "CAPILLARY_USERNAME": "sandbox", "CAPILLARY_PASSWORD": "sandbox",
            ]
            let arguments = [
                input, "--quiet", "--campaign-token", "J0H7Q", "--batch-size", "20", "--concurrency", "4", "--max-attempts", "10",
            ]

            _ = try await Self.startThenKill(
                arguments, command: ["invite", "referrals"], environment: environment, once: report, has: 4_000)

            // Batches in flight at the kill are in the sent journal without a report line.
            let finished = try ReportFile(path: report).lines
            let sent = String(decoding: FileManager.default.contents(atPath: report + ".sent") ?? Data(), as: UTF8.self)
                .split(separator: "\n").compactMap { Int($0) }
            #expect(!Set(sent).subtracting(finished).isEmpty)
            #expect(finished.count < file.rows)

            let second = try Self.start(arguments + ["--resume"], command: ["invite", "referrals"], environment: environment)
            await Self.exit(of: second)
            #expect(second.terminationStatus == 1)  // the 1701 rows

            let invites = try await sandbox.invites()
            #expect(Set(invites.keys).symmetricDifference(file.expected).isEmpty)
            #expect(invites.values.filter { $0 != 1 }.isEmpty)
            let lines = try ReportFile(path: report).lines
            #expect(lines.count == file.rows && Set(lines).count == file.rows)
            #expect(!FileManager.default.fileExists(atPath: report + ".sent"))
        }
    }

    /// Waits for `process` to end without blocking a thread of the pool: the sandbox those
    /// processes talk to runs on it (`waitUntilExit()` in three tests at once starved it).
    static func exit(of process: Process) async {
        while process.isRunning, !Task.isCancelled { try? await Task.sleep(for: .milliseconds(10)) }
    }

    static func start(
        _ arguments: [String], command: [String] = ["import", "contacts"], environment: [String: String], errors: String? = nil
    ) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = command + arguments
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        if let errors {
            _ = FileManager.default.createFile(atPath: errors, contents: nil)
            process.standardError = FileHandle(forWritingAtPath: errors)
        }
        try process.run()
        return process
    }

    /// Data lines of a report that end in a line break (a record a kill cut short is not one).
    /// Starts a run and kills it with SIGKILL once its report at `report` holds `lines` lines.
    static func startThenKill(
        _ arguments: [String], command: [String] = ["import", "contacts"], environment: [String: String],
        once report: String, has lines: Int
    ) async throws -> Process {
        let process = try start(arguments, command: command, environment: environment)
        while completeLines(report) < lines && process.isRunning { try await Task.sleep(for: .milliseconds(5)) }
        #expect(process.isRunning, "the run ended before it could be killed")
        kill(process.processIdentifier, SIGKILL)
        await exit(of: process)
        return process
    }

    static func completeLines(_ path: String) -> Int {
        guard let data = FileManager.default.contents(atPath: path) else { return 0 }
        return max(0, data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } - 1)
    }
}
