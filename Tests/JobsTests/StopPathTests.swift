import BatchKit
import Commands
import Foundation
import Testing
import TextFormats

@testable import Jobs

/// One error path: whatever stops a run partway, the report so far is on disk, the summary says
/// what stopped it, and the exit code is 3 (resumable) when anything was sent, 2 when nothing was.
struct StopPathTests {
    private static let rows = (1...300).map { "p\($0)@example.com,Utrecht\n" }.joined()

    @Test func anUnclosedQuoteAtTheEndStopsTheImportResumably() async throws {
        try await JobsHarness.with { sandbox in
            let input = try sandbox.write("unclosed.csv", "email,city\n" + Self.rows + "\"broken@example.com,Delft\n")
            let summary = try await sandbox.importContacts(input)
            #expect(summary.exitCode == 3)
            #expect(summary.stopped?.hasPrefix("reading stopped at \(input): line 302: a quoted field") == true, "\(summary.stopped ?? "")")
            #expect(summary.ok == 300)
            let report = try ReportFile(path: summary.report)
            #expect(report.all.count == 300, "every row sent has its line, on disk")
            #expect(summary.text.contains("run the same command with \(Setting.resume.mention())"))
        }
    }

    @Test func anInputErrorBeforeAnythingWasSentIsAnInputError() async throws {
        try await JobsHarness.with { sandbox in
            let input = try sandbox.write("first.csv", "email,city\n\"broken@example.com,Delft\n")
            await #expect(throws: InputError.self) { _ = try await sandbox.importContacts(input) }
            #expect(try await sandbox.contacts().isEmpty)
        }
    }

    @Test func invitesStopResumablyToo() async throws {
        try await JobsHarness.with({ $0.seedCustomers = 10 }) { sandbox in
            let input = try sandbox.write(
                "invites.csv",
                """
                referrer_mobile,identifier,type
                9190000000001,31612345678,MOBILE
                9190000000001,31612345679,MOBILE
                "9190000000001,31612345670,MOBILE

                """)
            // Batches of one: the first two invites are sent before the broken line is read.
            let summary = try await sandbox.inviteReferrals(input, concurrency: 1) { $0.batchSize = 1 }
            #expect(summary.exitCode == 3 && summary.ok == 2, "\(summary.stopped ?? "")")
            #expect(try await sandbox.invites().count == 2)
        }
    }
}
