import BatchKit
import Desk
import Foundation
import Hummingbird
import HummingbirdTesting
import Jobs
import LeatAPI
import NIOCore
import Sandbox
import Synchronization
import Testing

/// The desk from the mapping on: the rows checked, the import run through the same job driver as
/// the CLI, stopped and resumed, and its results and files.
@Suite(.timeLimit(.minutes(5))) struct DeskRunTests {
    static let demoTargets =
        "target[]=email&target[]=firstname&target[]=lastname&target[]=city&target[]=%2Bnew&on-duplicate=last&blank=ignore"

    @Test func checkThenImportGivesWhatTheCLIGivesForTheSameFileAndMapping() async throws {
        let file = try DeskHarness.repositoryFile("examples/contacts-nl.csv")
        let deskReport = Mutex<[[String]]>([])
        try await DeskHarness.with { desk in
            let job = try #require(try await desk.upload("contacts-nl.csv", file).headers[.location])
            #expect(try await desk.post(job + "/mapping", Self.demoTargets).status == .seeOther)
            let check = DeskHarness.cellsAsText(try await desk.checkedPage(job))
            #expect(check.contains("6 rows: <strong>4 ready</strong>, <strong>2 to fix</strong>"))
            #expect(
                check.contains(
                    "<td>4</td><td>pieter@example</td><td>Pieter</td><td>de Vries</td><td>Amsterdam</td><td>K-1003</td><td>invalid-email</td>"
                ))
            #expect(check.contains("<td>5</td><td></td><td>Sanne</td><td>Bakker</td><td>Gouda</td><td>K-1004</td><td>missing-email</td>"))
            // The rows to fix before anything is sent, as the upload was: `;`, a BOM, CRLF.
            let toFixFirst = try await desk.client.execute(uri: job + "/files/check-rows-to-fix.csv", method: .get)
            #expect(Array(toFixFirst.body.readableBytesView.prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(String(buffer: toFixFirst.body).contains("\r\npieter@example;Pieter;de Vries;Amsterdam;K-1003;invalid-email;"))
            #expect(try await desk.post(job + "/run").status == .seeOther)
            let results = try await desk.finishedRunPage(job)
            // The live progress of a run that is over: `done`, so the page's script reloads it.
            let events = try await desk.client.execute(uri: job + "/events", method: .get)
            #expect(
                events.headers[.contentType] == "text/event-stream"
                    && String(buffer: events.body).contains("event: done\ndata: {\"done\":6,\"total\":6,"))
            #expect(results.contains("imported") && results.contains("<strong>4 ok</strong>, <strong>2 failed</strong>"))
            #expect(results.contains("<td>created</td><td>3</td>") && results.contains("<td>updated</td><td>1</td>"))
            // The rows that failed, with their cells (fields to fix), on the results page too.
            #expect(
                DeskHarness.cellsAsText(results).contains(
                    "<td>4</td><td>pieter@example</td><td>Pieter</td><td>de Vries</td><td>Amsterdam</td><td>K-1003</td><td>invalid-email</td>"
                ))
            let report = try await desk.client.execute(uri: job + "/files/report.csv", method: .get)
            #expect(report.headers[.contentDisposition] == "attachment; filename=\"contacts-nl-report.csv\"")
            deskReport.withLock { $0 = Self.outcomes(String(buffer: report.body)) }
            let home = String(buffer: try await desk.client.execute(uri: "/", method: .get).body)
            #expect(home.contains(">contacts-nl.csv</a>") && home.contains("<td>done</td><td>4</td><td>2</td>"))
            // The Leat token is in no page and no download.
            for uri in [
                "/", job, job + "/check", job + "/run", job + "/files/report.csv", job + "/files/summary.json", job + "/files/job.yml",
                job + "/files/rows-to-fix.csv", "/desk.js",
            ] {
                let answer = try await desk.client.execute(uri: uri, method: .get)
                #expect(answer.status == .ok && !String(buffer: answer.body).contains("sandbox-token"), "\(uri)")
            }
            let toFix = try await desk.client.execute(uri: job + "/files/rows-to-fix.csv", method: .get)
            #expect(String(buffer: toFix.body).contains("pieter@example"))
            // A finished import is not run twice by a second click.
            #expect(try await desk.post(job + "/run").status == .seeOther)
            #expect(try await desk.finishedRunPage(job).contains("<strong>4 ok</strong>"))
        }
        // The CLI's job, the same file and mapping, a fresh sandbox.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("desk-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data(file).write(to: URL(fileURLWithPath: folder + "/contacts-nl.csv"))
        try await SandboxServer.withRunning(SandboxConfiguration()) { sandbox in
            var options = ImportOptions()
            options.mapping.renames = [
                ("E-mailadres", "email"), ("Voornaam", "firstname"), ("Achternaam", "lastname"), ("Plaats", "city"),
                ("Klantnummer", "klantnummer"),
            ]
            options.createAttributes = true
            _ = try await withLeatClient(configuration: try LeatConfiguration(baseURL: sandbox.leatBaseURL, token: "sandbox-token")) {
                try await ImportContactsJob.run(input: folder + "/contacts-nl.csv", options: options, client: $0)
            }
        }
        let cli = Self.outcomes(try String(contentsOfFile: folder + "/contacts-nl.csv.report.csv", encoding: .utf8))
        let fromDesk = deskReport.withLock { $0 }
        #expect(!fromDesk.isEmpty && fromDesk == cli)
    }

    @Test func aJobIsDeletedWithItsFilesButNotWhileItRuns() async throws {
        try await DeskHarness.with(sandbox: { $0.latencyMilliseconds = 20 }) { desk in
            let csv = "email,firstname\n" + (1...300).map { "p\($0)@example.com,P\($0)\n" }.joined()
            let job = try #require(try await desk.upload("people.csv", Array(csv.utf8)).headers[.location])
            #expect(
                try await desk.post(job + "/mapping", "target[]=email&target[]=firstname&on-duplicate=last&blank=ignore").status
                    == .seeOther)
            #expect(try await desk.post(job + "/run").status == .seeOther)
            let running = try await desk.post(job + "/delete")
            #expect(running.status == .conflict && String(buffer: running.body).contains("Stop it (or let it finish) before deleting it."))
            let finished = try await desk.finishedRunPage(job)
            #expect(finished.contains("Delete this job and its files"))
            #expect(try await desk.post(job + "/delete", "").status == .seeOther)
            #expect(desk.jobs.isEmpty)
            #expect(try await desk.client.execute(uri: job + "/run", method: .get).status == .notFound)
            #expect(!String(buffer: try await desk.client.execute(uri: "/", method: .get).body).contains("people.csv"))
        }
    }

    @Test func theRowsToFixAre50APage() async throws {
        try await DeskHarness.with { desk in
            let csv = "email,firstname\n" + (1...120).map { "broken\($0)@nowhere,P\($0)\n" }.joined()
            let job = try await desk.mappedContacts("broken.csv", csv)
            let first = DeskHarness.cellsAsText(try await desk.checkedPage(job))
            #expect(first.contains("(page 1 of 3)") && first.contains("check?page=2\">later rows") && !first.contains("earlier rows"))
            #expect(first.components(separatedBy: "<td>invalid-email</td><td>&#39;broken").count - 1 == 50)
            let last = DeskHarness.cellsAsText(try await desk.checkedPage(job, query: "?page=9"))
            #expect(last.contains("(page 3 of 3)") && last.contains("check?page=2\">← earlier rows") && !last.contains("later rows"))
            #expect(last.components(separatedBy: "<td>invalid-email</td><td>&#39;broken").count - 1 == 20 && last.contains("<td>121</td>"))
            #expect(last.contains("<td>not a valid email address</td><td>120</td>"))
            // Each row to fix is shown with its cells, under the file's own columns.
            #expect(last.contains("<th>line</th><th>email</th><th>firstname</th><th>reason</th>"))
            #expect(last.contains("<td>121</td><td>broken120@nowhere</td><td>P120</td><td>invalid-email</td>"))
            #expect(first.contains("<td>2</td><td>broken1@nowhere</td><td>P1</td><td>invalid-email</td>"))
        }
    }

    @Test func aPreviewSaysWhatEachRowWouldDoAndChangesNothing() async throws {
        try await DeskHarness.with { desk in
            let job = try #require(
                try await desk.upload("contacts-nl.csv", DeskHarness.repositoryFile("examples/contacts-nl.csv")).headers[.location])
            #expect(try await desk.post(job + "/mapping", Self.demoTargets).status == .seeOther)
            #expect(try await desk.post(job + "/preview").status == .seeOther)
            let page = try await desk.finishedPreviewPage(job)
            #expect(page.contains("Nothing was changed in Leat"))
            #expect(page.contains("<td>would be created</td>") && page.contains("<td>would fail</td>"))
            #expect(page.contains("<td>4</td><td>pieter@example</td><td>would fail</td><td>invalid-email"))
            // Nothing was imported: the import's page still sends back to the check.
            let run = try await desk.client.execute(uri: job + "/run", method: .get)
            #expect(run.status == .seeOther && run.headers[.location] == job + "/check")
        }
    }

    @Test func stopDrainsAndResumeEndsWithOneReportLineARow() async throws {
        let rows = 400
        let csv = "email,firstname\n" + (1...rows).map { "person\($0)@example.com,P\($0)\n" }.joined()
        try await DeskHarness.with(sandbox: { $0.latencyMilliseconds = 20 }) { desk in
            let job = try #require(try await desk.upload("people.csv", Array(csv.utf8)).headers[.location])
            #expect(
                try await desk.post(job + "/mapping", "target[]=email&target[]=firstname&on-duplicate=last&blank=ignore").status
                    == .seeOther)
            #expect(try await desk.post(job + "/run").status == .seeOther)
            // Stop once some rows are done, while the rest are still to come.
            var running = ""
            for _ in 0..<600 {
                running = String(buffer: try await desk.client.execute(uri: job + "/run", method: .get).body)
                let bar = running.range(of: "<progress").map { String(running[$0.upperBound...]) } ?? ""
                if let done = DeskHarness.value(after: "value=\"", in: bar).flatMap({ Int($0) }), done > 0 { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(running.contains("<progress") && running.contains("data-events=\"\(job)/events\""))
            #expect(running.contains("<noscript><meta http-equiv=\"refresh\""))
            #expect(try await desk.post(job + "/stop").status == .seeOther)
            let stopped = try await desk.finishedRunPage(job)
            #expect(stopped.contains("Stopped: stopped from the desk") && stopped.contains("Resume"))
            // The reason is kept as the run gave it, and said in the language of whoever reads it.
            #expect(try await desk.finished(job + "/run", cookie: "desk_language=de").contains("am Schalter gestoppt"))
            #expect(String(buffer: try await desk.client.execute(uri: "/", method: .get).body).contains("stopped — Resume"))
            #expect(try await desk.post(job + "/run", "resume=1").status == .seeOther)
            let resumed = try await desk.finishedRunPage(job)
            #expect(resumed.contains("done before") && !resumed.contains("Stopped"))
            let lines = Self.outcomes(String(buffer: try await desk.client.execute(uri: job + "/files/report.csv", method: .get).body)).map
            { Int($0[0])! }
            #expect(lines.sorted() == Array(2...(rows + 1)), "one report line a row")
        }
    }

    /// A report's `line`, `action` and `error_code`, by line, read by the tool's own CSV reader.
    static func outcomes(_ csv: String) -> [[String]] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard (try? csv.write(toFile: path, atomically: true, encoding: .utf8)) != nil, let reader = try? CSVReader(path: path) else {
            return []
        }
        let columns = ["line", "action", "error_code"].compactMap { reader.columns.firstIndex(of: $0) }
        var rows: [[String]] = []
        while let row = try? reader.next() { rows.append(columns.map { String(row.cell($0)) }) }
        return rows.sorted { (Int($0[0]) ?? 0) < (Int($1[0]) ?? 0) }
    }
}
