import Desk
import Foundation
import HummingbirdTesting
import Testing

/// The check page's check is a run of the desk's like any other: queued behind the runs under
/// way, read off the threads that serve pages, shown with its progress until it is done.
@Suite(.timeLimit(.minutes(5))) struct DeskCheckTests {
    @Test func aCheckWaitsInLineWhileTheDeskAnswersItsOtherPages() async throws {
        let rows = 300
        let csv = "email,firstname\n" + (1...rows).map { "person\($0)@example.com,P\($0)\n" }.joined()
        try await DeskHarness.with(jobs: 1, sandbox: { $0.latencyMilliseconds = 50 }) { desk in
            let busy = try #require(try await desk.upload("people.csv", Array(csv.utf8)).headers[.location])
            #expect(
                try await desk.post(busy + "/mapping", "target[]=email&target[]=firstname&on-duplicate=last&blank=ignore").status
                    == .seeOther)
            #expect(try await desk.post(busy + "/run").status == .seeOther)
            let job = try #require(
                try await desk.upload("later.csv", Array("email\nann@example.com\nnot-an-address\n".utf8)).headers[.location])
            #expect(try await desk.post(job + "/mapping", "target[]=email&on-duplicate=last&blank=ignore").status == .seeOther)
            // The one place is the import's: the check page answers at once that the check waits.
            let waiting = String(buffer: try await desk.client.execute(uri: job + "/check", method: .get).body)
            #expect(
                waiting.contains("checking the rows") && waiting.contains("number 1 in line") && waiting.contains("http-equiv=\"refresh\""),
                "\(waiting)")
            let home = try await desk.client.execute(uri: "/", method: .get)
            #expect(home.status == .ok && String(buffer: home.body).contains("later.csv"))
            // The mapping does not change under a check that waits.
            #expect(try await desk.post(job + "/mapping", "target[]=email&on-duplicate=last&blank=ignore").status == .conflict)
            #expect(try await desk.post(busy + "/stop").status == .seeOther)
            let checked = DeskHarness.cellsAsText(try await desk.checkedPage(job))
            #expect(
                checked.contains("2 rows: <strong>1 ready</strong>, <strong>1 to fix</strong>")
                    && checked.contains("<td>not-an-address</td>"))
            // Kept until the mapping changes: the page shows the same counts without checking again.
            #expect(
                String(buffer: try await desk.client.execute(uri: job + "/check", method: .get).body).contains("<strong>1 ready</strong>"))
            #expect(try await desk.post(job + "/mapping", "target[]=-&on-duplicate=last&blank=ignore").status != .seeOther)
            #expect(try await desk.post(job + "/mapping", "target[]=email&on-duplicate=last&blank=ignore").status == .seeOther)
            let again = String(buffer: try await desk.client.execute(uri: job + "/check", method: .get).body)
            #expect(again.contains("checking the rows") && !again.contains("ready"))
        }
    }

    /// The pages of rows to fix read the desk's database: the report is read once (and again
    /// when it changes), not at every page.
    @Test func theRowsToFixAreReadFromTheDatabaseAfterTheFirstPage() async throws {
        try await DeskHarness.with { desk in
            let csv = "email,firstname\n" + (1...120).map { "broken\($0)@nowhere,P\($0)\n" }.joined()
            let job = try await desk.mappedContacts("broken.csv", csv)
            #expect(try await desk.checkedPage(job).contains("(page 1 of 3)"))
            // The report's text is gone, its time kept: only the database can still show the rows.
            let report = desk.dataDirectory + "/jobs/" + String(job.split(separator: "/").last!) + "/check.csv"
            let modified = try #require(try FileManager.default.attributesOfItem(atPath: report)[.modificationDate] as? Date)
            try "line,key,action,status,error_code,error_message,uuid,attempts,requests,duration_ms\n".write(
                toFile: report, atomically: false, encoding: .utf8)
            try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: report)
            let last = DeskHarness.cellsAsText(try await desk.checkedPage(job, query: "?page=3"))
            #expect(
                last.contains("(page 3 of 3)") && last.contains("<td>121</td><td>broken120@nowhere</td><td>P120</td><td>invalid-email</td>")
            )
        }
    }
}
