import BatchKit
import Foundation
import FuzzSupport
import Jobs
import LeatAPI
import Synchronization
import Testing

@Suite(.timeLimit(.minutes(5))) struct ImportContactsTests {
    @Test func tenThousandRowsThroughFaultsEndExactlyAsTheFileSays() async throws {
        try await JobsHarness.with({
            $0.failRate = 0.1
            $0.dropRate = 0.05
            $0.rateLimit = 2000
            $0.seed = 7
        }) { sandbox in
            let file = ContactsFile(count: 10_000, distinct: 8_000)
            let input = try sandbox.write("contacts.csv", file.text)
            let summary = try await sandbox.importContacts(input)

            #expect(summary.exitCode == 1)
            #expect(summary.stopped == nil)
            #expect(summary.failed == file.invalidLines.count)
            #expect(summary.errors == ["invalid-email": file.invalidLines.count])
            #expect(summary.ok == file.rows - file.invalidLines.count)
            #expect(summary.retries > 0)

            let report = try ReportFile(path: summary.report)
            #expect(report.lines.sorted() == Array(2...(file.rows + 1)))
            #expect(report.all.filter { $0["status"] == "failed" }.compactMap { Int($0["line"]!) }.sorted() == file.invalidLines)
            #expect(report.all.filter { $0["status"] == "ok" }.allSatisfy { $0["uuid"]?.count == 36 && $0["action"] == "updated" })
            #expect(try await sandbox.contacts() == file.expected)

            let stats = try await sandbox.stats()
            let faults = stats["faults"] as? [String: Int] ?? [:]
            #expect(faults["failed", default: 0] > 0 && faults["dropped_after", default: 0] > 0)

            let failed = try ReportFile(path: summary.failedRows ?? "")
            #expect(failed.all.count == file.invalidLines.count)
            #expect(failed.all.allSatisfy { $0["error_code"] == "invalid-email" && $0["email"]?.hasSuffix("@nodot") == true })
        }
    }

    @Test func aBadTokenStopsWithinTheWindowAndRecordsNothing() async throws {
        try await JobsHarness.with { sandbox in
            let input = try sandbox.write("contacts.csv", ContactsFile(count: 500, distinct: 500).text)
            let summary = try await sandbox.importContacts(input, token: "wrong-token", concurrency: 8)
            #expect(summary.exitCode == 3)
            #expect(summary.stopped?.contains("401") == true)
            #expect(try await sandbox.requests("GET /api/v3/oauth/clients/contacts/find-or-create/async") <= 8)
            #expect(try ReportFile(path: summary.report).all.filter { $0["status"] == "ok" }.isEmpty)
        }
    }

    @Test func theUsageLimitStopsAndResumeFinishesOnceRaised() async throws {
        try await JobsHarness.with({ $0.usageLimit = 100 }) { sandbox in
            let file = ContactsFile(count: 300, distinct: 300)
            let input = try sandbox.write("contacts.csv", file.text)
            let first = try await sandbox.importContacts(input)
            #expect(first.exitCode == 3)
            #expect(first.stopped?.contains("60000") == true)
            #expect(first.ok <= 100)

            try await sandbox.setUsageLimit(nil)
            let second = try await sandbox.importContacts(input) { $0.run.resume = true }
            #expect(second.exitCode == 1)
            #expect(second.alreadyDone == first.ok + first.failed)
            #expect(second.alreadyDone + second.ok + second.failed == file.rows)
            let report = try ReportFile(path: second.report)
            #expect(report.lines.sorted() == Array(2...(file.rows + 1)))
            #expect(try await sandbox.contacts() == file.expected)
        }
    }

    @Test func createModeFailsExistingContactsWith60005AndGoesOn() async throws {
        try await JobsHarness.with { sandbox in
            let existing = try sandbox.write("existing.csv", "email\nb@example.com\nd@example.com\n")
            #expect(try await sandbox.importContacts(existing).exitCode == 0)

            let input = try sandbox.write(
                "new.csv", "email,firstname\na@example.com,A\nb@example.com,B\nc@example.com,C\nd@example.com,D\n")
            let summary = try await sandbox.importContacts(input) { $0.mode = .create }
            #expect(summary.exitCode == 1)
            #expect(summary.actions == ["created": 2, "failed": 2])
            #expect(summary.errors == ["60005": 2])
            let report = try ReportFile(path: summary.report)
            #expect(report.row(3)?["error_code"] == "60005" && report.row(5)?["error_code"] == "60005")
            #expect(report.row(2)?["action"] == "created" && report.row(4)?["action"] == "created")
            #expect(try await sandbox.contacts()["c@example.com"] == ["firstname": "C"])
        }
    }

    @Test func aCreateWhoseAnswerWasLostIsNotReportedAsPreExisting() async throws {
        try await JobsHarness.with({
            $0.dropRate = 0.3
            $0.seed = 11
        }) { sandbox in
            let input = try sandbox.write("new.csv", "email,firstname\n" + (0..<300).map { "new\($0)@example.com,N\($0)\n" }.joined())
            let summary = try await sandbox.importContacts(input) { $0.mode = .create }
            #expect(summary.exitCode == 0)
            #expect(summary.actions == ["created": 300])
            let report = try ReportFile(path: summary.report)
            let recovered = report.all.filter { $0["error_message"] == "created by an earlier attempt whose answer was lost" }
            #expect(!recovered.isEmpty)
            let stats = try await sandbox.stats()
            #expect((stats["faults"] as? [String: Int])?["dropped_after", default: 0] ?? 0 > 0)
            #expect(try await sandbox.contacts().count == 300)
        }
    }

    @Test func aDryRunWritesNothingAndSaysWhatWouldHappen() async throws {
        try await JobsHarness.with { sandbox in
            let existing = try sandbox.write("existing.csv", "email,firstname\nb@example.com,Bea\nc@example.com,Cor\n")
            #expect(try await sandbox.importContacts(existing).exitCode == 0)
            let writesBefore = try await sandbox.stats()["writes"] as? Int

            let input = try sandbox.write(
                "preview.csv",
                "email,firstname\na@example.com,Ann\nb@example.com,Bea\nc@example.com,Kees\nnot-an-email,X\na@example.com,Anna\n")
            let summaryPath = sandbox.path("summary.json")
            let summary = try await sandbox.importContacts(input) { $0.run.dryRun = true }
            try summary.write(toJSON: summaryPath)
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: summaryPath))) as? [String: Any]
            #expect(json?["dry_run"] as? Bool == true && json?["exit_code"] as? Int == 1 && json?["rows"] as? Int == 5)
            #expect(json?["actions"] as? [String: Int] == ["would-create": 1, "would-update": 3, "would-fail": 1])
            let requests = try #require(json?["requests"] as? Int)
            #expect(json?["requests_per_row"] as? Double == Double(requests) / 5, "the requests over the 5 rows")
            #expect(try await sandbox.stats()["writes"] as? Int == writesBefore)
            #expect(summary.report.hasSuffix("preview.csv.dry-run.report.csv"))
            let report = try ReportFile(path: summary.report)
            #expect(report.row(2)?["action"] == "would-create")
            #expect(report.row(3)?["action"] == "would-update" && report.row(3)?["error_message"] == "no changes")
            #expect(report.row(4)?["action"] == "would-update" && report.row(4)?["error_message"] == "changes firstname: 'Cor' → 'Kees'")
            #expect(report.row(5)?["action"] == "would-fail" && report.row(5)?["error_code"] == "invalid-email")
            #expect(
                report.row(6)?["action"] == "would-update"
                    && report.row(6)?["error_message"] == "line 2 of this file would create it; then sets firstname")
            #expect(try await sandbox.contacts().count == 2)
        }
    }

    @Test func theFailedRowsFileGoesStraightBackIn() async throws {
        try await JobsHarness.with { sandbox in
            let input = try sandbox.write("nl.csv", "\u{FEFF}E-mailadres;Voornaam\nanne@example.nl;Anne\npieter@example;Pieter\n")
            let first = try await sandbox.importContacts(input) {
                $0.mapping.renames = [("E-mailadres", "email"), ("Voornaam", "firstname")]
            }
            #expect(first.exitCode == 1)
            let failedPath = try #require(first.failedRows)
            let failed = String(decoding: try Data(contentsOf: URL(fileURLWithPath: failedPath)), as: UTF8.self)
            #expect(
                failed
                    == "\u{FEFF}E-mailadres;Voornaam;error_code;error_message\r\npieter@example;Pieter;invalid-email;'pieter@example' is not a valid email address: the domain 'example' has no dot\r\n"
            )

            // Fixed in a spreadsheet, imported as it is: the error columns are not attributes.
            let fixed = try sandbox.write("fixed.csv", failed.replacingOccurrences(of: "pieter@example;", with: "pieter@example.nl;"))
            let second = try await sandbox.importContacts(fixed) {
                $0.mapping.renames = [("E-mailadres", "email"), ("Voornaam", "firstname")]
            }
            #expect(second.exitCode == 0)
            #expect(second.failedRows == nil && !FileManager.default.fileExists(atPath: fixed + ".failed.csv"))
            #expect(try await sandbox.contacts()["pieter@example.nl"] == ["firstname": "Pieter"])
        }
    }
}

/// Leat may queue an async creation: a `PUT` right after can answer 55031 for a while.
@Suite(.timeLimit(.minutes(5))) struct AsyncCreationTests {
    @Test func rowsWaitForAContactLeatHasNotMadeYet() async throws {
        // Leat makes each contact 2 s after it was asked for: long enough that the PUT right after
        // comes before, however loaded the machine.
        try await JobsHarness.with({ $0.asyncDelayMilliseconds = 2_000 }) { sandbox in
            let file = ContactsFile(count: 300, distinct: 300)
            let input = try sandbox.write("contacts.csv", file.text)
            let summary = try await sandbox.importContacts(input, concurrency: 64)
            #expect(summary.stopped == nil)
            #expect(summary.errors == ["invalid-email": file.invalidLines.count])
            let report = try ReportFile(path: summary.report)
            let withAttributes = report.all.filter { $0["action"] == "updated" }
            #expect(!withAttributes.isEmpty && withAttributes.allSatisfy { $0["status"] == "ok" })
            #expect(withAttributes.contains { $0["error_message"]?.contains("Leat had not made the contact yet") == true })
            #expect(try await sandbox.contacts() == file.expected)
        }
    }

    @Test func aContactThatNeverAppearsFailsAfterTheWait() async throws {
        try await JobsHarness.with({ $0.asyncDelayMilliseconds = 3_600_000 }) { sandbox in
            let input = try sandbox.write("one.csv", "email,city\nslow@example.com,Utrecht\n")
            // The contact would appear after an hour: the row fails once its half second is up.
            let summary = try await sandbox.importContacts(input) { $0.asyncWait = .milliseconds(500) }
            #expect(summary.errors == ["55031": 1])
        }
    }

    /// The wait for a contact Leat queued goes by the run's clock, as its retries do: on a test
    /// clock that moves at once, 30 s of waiting take the 30-odd tries its backoff makes (50 ms
    /// doubling to 1 s). Measured on the wall clock, the tries would go on for 30 real seconds.
    @Test func theWaitForAQueuedContactGoesByTheRunsClock() async throws {
        try await JobsHarness.with({ $0.asyncDelayMilliseconds = 3_600_000 }) { sandbox in
            let input = try sandbox.write("one.csv", "email,city\nslow@example.com,Utrecht\n")
            var options = ImportOptions()
            options.changedOnly = .off
            options.asyncWait = .seconds(30)
            let asked = options
            let clock = TestClock()
            let limiter = RateLimiter(mode: .unlimited, clock: clock)
            let summary = Mutex<RunSummary?>(nil)
            let configuration = try LeatConfiguration(baseURL: sandbox.sandbox.leatBaseURL, token: "sandbox-token")
            let waited = await clock.drive(step: .seconds(1)) {
                let run = try? await withLeatClient(configuration: configuration) { client in
                    try await JobRun(ImportContactsJob(options: asked, client: client), input: input, limiter: limiter).run()
                }
                summary.withLock { $0 = run }
            }
            #expect(summary.withLock { $0?.errors } == ["55031": 1])
            #expect(waited >= .seconds(30))
            let attempts = Int(try ReportFile(path: input + ".report.csv").row(2)?["attempts"] ?? "") ?? 0
            #expect((30...40).contains(attempts), "\(attempts) attempts")
        }
    }
}
