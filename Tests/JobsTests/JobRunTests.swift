import BatchKit
import Foundation
import Jobs
import LeatAPI
import Testing

/// The job driver seen from outside, as the terminal line and a web page see it: its progress
/// sequence, and a stop that drains, after which `--resume` goes on.
@Suite(.timeLimit(.minutes(5))) struct JobRunTests {
    static let rows = 300

    /// A file of `rows` new contacts, and import options that take it row by row, 4 at a time.
    static func setUp(_ harness: JobsHarness) throws -> (input: String, options: ImportOptions) {
        let text = "email,firstname\n" + (1...rows).map { "person\($0)@example.com,Person \($0)\n" }.joined()
        var options = ImportOptions()
        options.changedOnly = .off
        options.run.concurrency = 4
        return (try harness.write("people.csv", text), options)
    }

    /// Runs the import with `watch` reading its progress (and stopping it, if it wants).
    static func run(
        _ harness: JobsHarness, _ options: ImportOptions, _ input: String,
        watch: @escaping @Sendable (JobHandle) async -> [JobProgress]
    ) async throws -> (RunSummary, [JobProgress]) {
        let configuration = try LeatConfiguration(baseURL: harness.sandbox.leatBaseURL, token: "sandbox-token")
        return try await withLeatClient(configuration: configuration, concurrency: 4) { client in
            let run = JobRun(ImportContactsJob(options: options, client: client), input: input)
            let handle = run.handle
            let watcher = Task { await watch(handle) }
            let summary = try await run.run()
            return (summary, await watcher.value)
        }
    }

    @Test func progressComesAsTheRowsGoAndEndsWithTheRun() async throws {
        try await JobsHarness.with({ $0.latencyMilliseconds = 10 }) { harness in
            let (input, options) = try Self.setUp(harness)
            let (summary, events) = try await Self.run(harness, options, input) { handle in
                var events: [JobProgress] = []
                for await event in handle.progress { events.append(event) }
                return events
            }
            #expect(summary.ok == Self.rows)
            let last = try #require(events.last)
            #expect(last.finished && last.done == Self.rows && last.read == Self.rows && last.failed == 0)
            // Two requests a row (find-or-create, then PUT); the attribute check is the run's, not a row's.
            #expect(last.requests == 2 * Self.rows)
            #expect(
                events.contains { !$0.finished && $0.done > 0 && $0.done < Self.rows },
                "no event while the rows went: \(events.map(\.done))")
            #expect(zip(events, events.dropFirst()).allSatisfy { $0.done <= $1.done && $0.elapsed <= $1.elapsed })
        }
    }

    @Test func stopDrainsTheRowsInFlightAndResumeGoesOn() async throws {
        try await JobsHarness.with({ $0.latencyMilliseconds = 10 }) { harness in
            var (input, options) = try Self.setUp(harness)
            let (stopped, events) = try await Self.run(harness, options, input) { handle in
                var events: [JobProgress] = []
                for await event in handle.progress {
                    events.append(event)
                    if event.done >= 20 { handle.stop(reason: "stopped from the page") }
                }
                return events
            }
            #expect(stopped.stopped == "stopped from the page" && stopped.exitCode == 3)
            #expect(stopped.ok >= 20 && stopped.ok < Self.rows)
            #expect(events.last?.done == stopped.ok)
            let report = try ReportFile(path: input + ".report.csv")
            #expect(report.all.count == stopped.ok, "every row done is in the report, and only those")

            options.run.resume = true
            let (resumed, _) = try await Self.run(harness, options, input) { handle in
                for await _ in handle.progress {}
                return []
            }
            #expect(resumed.stopped == nil && resumed.alreadyDone == stopped.ok && resumed.ok == Self.rows - stopped.ok)
            let lines = try ReportFile(path: input + ".report.csv").lines
            #expect(lines.sorted() == Array(2...(Self.rows + 1)), "one report line a row")
            #expect(try await harness.contacts().count == Self.rows)
        }
    }
}
