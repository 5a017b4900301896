import BatchKit
import Foundation
import Hummingbird
import HummingbirdTesting
import LeatAPI
import Testing

@testable import Desk

/// Fixing rows in the check page: a journal of fixes in the job, the rows read through it, the
/// upload never changed.
@Suite(.timeLimit(.minutes(5))) struct DeskFixTests {
    static let csv = "email,firstname\nann@example,Ann\nbob@example.com,Bob\nbroken,Carl\n"

    @Test func aWrongEmailFixedInThePageIsImportedAsFixedAndTheUploadIsUntouched() async throws {
        try await DeskHarness.with { desk in
            let job = try await desk.mappedContacts("people.csv", Self.csv)
            let checked = try await desk.checkedPage(job)
            #expect(checked.contains("<strong>2 to fix</strong>"))
            #expect(checked.contains("<input form=\"fix-2\" name=\"cell[]\" value=\"ann@example\" aria-label=\"email, line 2\">"))
            let id = String(job.split(separator: "/").last!)
            let upload = try #require(
                try FileManager.default.contentsOfDirectory(atPath: desk.dataDirectory + "/jobs/" + id).first { $0.hasPrefix("upload") })
            let before = try Data(contentsOf: URL(fileURLWithPath: desk.dataDirectory + "/jobs/\(id)/\(upload)"))

            // A fix that changes the row's key (its email).
            let fixed = try await desk.post(job + "/fixes", "line=2&cell[]=ann%40example.com&cell[]=Ann")
            #expect(fixed.status == .seeOther && fixed.headers[.location] == job + "/check?fixed=2")
            let again = try await desk.checkedPage(job, query: "?fixed=2")
            #expect(again.contains("<strong>2 ready</strong>") && again.contains("<strong>1 to fix</strong>"), "\(again)")
            #expect(again.contains("<p class=\"note fix-note\">Line 2 checked again: nothing left to fix.</p>"))
            #expect(again.contains("Import the 2 rows into Leat (1 fixed here)"))
            #expect(!again.contains("value=\"ann@example\""))

            // Fixed twice: the later fix stands; still wrong, the new problem shows.
            _ = try await desk.post(job + "/fixes", "line=4&cell[]=carl%40&cell[]=Carl")
            let wrong = try await desk.checkedPage(job, query: "?fixed=4")
            #expect(wrong.contains("value=\"carl@\"") && wrong.contains("&#39;carl@&#39; is not a valid email address"), "\(wrong)")
            #expect(wrong.contains("Line 4 checked again, still to fix: &#39;carl@&#39; is not a valid email address"))
            _ = try await desk.post(job + "/fixes", "line=4&cell[]=carl%40example&cell[]=Carl")
            let later = try await desk.checkedPage(job)
            #expect(later.contains("value=\"carl@example\"") && later.contains("the domain &#39;example&#39; has no dot"), "\(later)")
            _ = try await desk.post(job + "/fixes", "line=4&cell[]=carl%40example.com&cell[]=Carl")
            #expect(try await desk.checkedPage(job).contains("<strong>3 ready</strong>"))
            // A row fixed wrong again stays to fix.
            _ = try await desk.post(job + "/fixes", "line=3&cell[]=bob%40&cell[]=Bob")
            #expect(try await desk.checkedPage(job).contains("<strong>1 to fix</strong>"))

            // The file with the fixes, read back: the upload's rows, each fixed one as fixed.
            let download = try await desk.client.execute(uri: job + "/fixed", method: .get)
            #expect(download.headers[.contentDisposition] == "attachment; filename=\"people-fixed.csv\"")
            let copy = desk.dataDirectory + "/people-fixed.csv"
            try Data(buffer: download.body).write(to: URL(fileURLWithPath: copy))
            let reader = try openRowReader(path: copy, options: ReadOptions())
            var rows: [[String]] = []
            while let row = try reader.next() { rows.append(row.values) }
            #expect(reader.columns == ["email", "firstname"])
            #expect(rows == [["ann@example.com", "Ann"], ["bob@", "Bob"], ["carl@example.com", "Carl"]])
            #expect(try PythonReader.csvRows(copy) == [["email", "firstname"]] + rows, "Python's csv reads the same")

            #expect(try await desk.post(job + "/run").status == .seeOther)
            let results = try await desk.finishedRunPage(job)
            #expect(results.contains("<strong>2 ok</strong>") && results.contains("<strong>1 failed</strong>"), "\(results)")
            let (ann, carl, bob) = try await withLeatClient(configuration: desk.leat) { leat in
                (
                    try await leat.find(email: "ann@example.com").value, try await leat.find(email: "carl@example.com").value,
                    try await leat.find(email: "bob@example.com").value
                )
            }
            #expect(ann != nil && carl != nil && bob == nil, "Leat holds the fixed addresses, and not the row fixed wrong")
            // Once run, its report is its ledger: a row done is not fixed (nor sent) again, and the
            // check page has no field to fix one.
            #expect(try await desk.post(job + "/fixes", "line=2&cell[]=ann%40example.nl&cell[]=Ann").status == .conflict)
            let after = try await desk.checkedPage(job)
            #expect(after.contains("<strong>1 to fix</strong>") && !after.contains("name=\"cell[]\""), "\(after)")
            #expect(
                try Data(contentsOf: URL(fileURLWithPath: desk.dataDirectory + "/jobs/\(id)/\(upload)")) == before,
                "the upload is untouched")
            let journal = try String(contentsOfFile: desk.dataDirectory + "/jobs/\(id)/fixes.ndjson", encoding: .utf8)
            let entries = journal.split(separator: "\n")
            #expect(entries.count == 5 && entries.allSatisfy { $0.contains("\"who\":\"local\"") && $0.contains("\"at\":\"20") })
            #expect(entries.first?.contains("\"cells\":[\"ann@example.com\",\"Ann\"],\"line\":2") == true)
        }
    }

    /// A workbook fixed in the page downloads as a workbook: every row, the fixed one as fixed.
    @Test func aRowTheRunFailedIsFixedAfterItAndSentAgainExactlyOnce() async throws {
        try await DeskHarness.with { desk in
            let job = try await desk.mappedContacts(
                "after.csv", "email,firstname\nann@example.com,Ann\nbob@example,Bob\ncarl@example.com,Carl\n")
            let id = String(job.split(separator: "/").last!)
            let reportPath = desk.dataDirectory + "/jobs/\(id)/report.csv"
            #expect(try await desk.post(job + "/run").status == .seeOther)
            let results = try await desk.finishedRunPage(job)
            #expect(results.contains("<strong>2 ok</strong>") && results.contains("<strong>1 failed</strong>"), "\(results)")
            #expect(results.contains("<input form=\"fix-3\" name=\"cell[]\" value=\"bob@example\""), "the row the run failed is a form")

            // A row done is not fixed; the failed one is, and waits to be sent again.
            #expect(try await desk.post(job + "/fixes", "line=2&cell[]=ann%40example.nl&cell[]=Ann").status == .conflict)
            let fixed = try await desk.post(job + "/fixes", "line=3&cell[]=bob%40example.com&cell[]=Bob")
            #expect(fixed.status == .seeOther && fixed.headers[.location] == job + "/run?fixed=3")
            let waiting = try await desk.finished(job + "/run?fixed=3")
            #expect(waiting.contains("Send the 1 fixed rows again") && waiting.contains("(fixed here, to send again)"), "\(waiting)")
            #expect(waiting.contains("Line 3 fixed: it goes with the fixed rows you send again."))
            #expect(waiting.contains("value=\"bob@example.com\""))

            #expect(try await desk.post(job + "/resend").status == .seeOther)
            let sent = try await desk.finishedRunPage(job)
            #expect(!sent.contains("Send the 1 fixed rows again") && !sent.contains("<strong>1 failed</strong>"), "\(sent)")
            let bob = try await withLeatClient(configuration: desk.leat) { try await $0.find(email: "bob@example.com").value }
            #expect(bob != nil, "Leat holds the row as fixed")
            let report = try String(contentsOfFile: reportPath, encoding: .utf8)
            let lines = report.split(whereSeparator: \.isNewline).dropFirst().map { $0.split(separator: ",").first.map(String.init) ?? "" }
            #expect(lines.sorted() == ["2", "3", "4"], "each row has one line: none was sent twice\n\(report)")
            #expect(report.contains("3,bob@example.com,created,ok"), "\(report)")

            // Nothing left to send: the report stays as it is.
            #expect(try await desk.post(job + "/resend").status == .seeOther)
            _ = try await desk.finishedRunPage(job)
            #expect(try String(contentsOfFile: reportPath, encoding: .utf8) == report)
        }
    }

    @Test func aRowThatFailedOnTheWayIsNotFixedButOneRefusedForItsDataIs() {
        #expect(FixRoutes.isFixable(code: "invalid-email") && FixRoutes.isFixable(code: "1003") && FixRoutes.isFixable(code: "1701"))
        #expect(FixRoutes.isFixable(code: "http-422") && FixRoutes.isFixable(code: "contact-not-found"))
        for code in ["outcome-unknown", "no-answer", "no-connection", "unreadable", "http-500", "http-429", "http-401", "60001", "60000"] {
            #expect(!FixRoutes.isFixable(code: code), "\(code)")
        }
    }

    @Test func aFixIsCheckedAloneWhereARowsVerdictIsItsOwnAndWithTheWholeFileWhereRowsDependOnEachOther() async throws {
        try await DeskHarness.with { desk in
            let csv = "email,firstname\nann@example.com,Ann\nbroken,Bob\n"
            // Under "last" every row is applied: the fixed row is checked alone, the page is ready at once.
            let job = try await desk.mappedContacts("alone.csv", csv)
            #expect(try await desk.checkedPage(job).contains("<strong>1 to fix</strong>"))
            #expect(try await desk.post(job + "/fixes", "line=3&cell[]=ann%40example.com&cell[]=Bob").status == .seeOther)
            let page = String(buffer: try await desk.client.execute(uri: job + "/check", method: .get).body)
            #expect(page.contains("<strong>2 ready</strong>") && page.contains("<strong>0 to fix</strong>"), "\(page)")
            #expect(!page.contains("http-equiv=\"refresh\""), "no check of the whole file to wait for")
            #expect(!page.contains("Download the rows to fix") && page.contains("Download your file with the fixes"))
            // A line that is no row to fix (here, none of the file's) changes no count.
            #expect(try await desk.post(job + "/fixes", "line=99&cell[]=nobody&cell[]=X").status == .seeOther)
            let still = try await desk.checkedPage(job)
            #expect(still.contains("<strong>2 ready</strong>") && still.contains("<strong>0 to fix</strong>"), "\(still)")
            // The whole file checked again (the mapping chosen anew) counts the same.
            #expect(
                try await desk.post(job + "/mapping", "target[]=email&target[]=firstname&on-duplicate=last&blank=ignore").status
                    == .seeOther)
            let whole = try await desk.checkedPage(job)
            #expect(whole.contains("<strong>2 ready</strong>") && whole.contains("<strong>0 to fix</strong>"), "\(whole)")

            // Under "fail" a later row with the same email is refused: the whole file is checked again.
            let upload = try #require(try await desk.upload("together.csv", Array(csv.utf8)).headers[.location])
            #expect(
                try await desk.post(upload + "/mapping", "target[]=email&target[]=firstname&on-duplicate=fail&blank=ignore").status
                    == .seeOther)
            #expect(try await desk.checkedPage(upload).contains("<strong>1 to fix</strong>"))
            #expect(try await desk.post(upload + "/fixes", "line=3&cell[]=ann%40example.com&cell[]=Bob").status == .seeOther)
            let together = try await desk.checkedPage(upload)
            #expect(together.contains("<strong>1 to fix</strong>") && together.contains("the same email as line 2"), "\(together)")
        }
    }

    @Test func aFixedWorkbookDownloadsAsAWorkbook() async throws {
        try await DeskHarness.with { desk in
            let upload = try await desk.upload("contacts-nl.xlsx", DeskHarness.repositoryFile("examples/contacts-nl.xlsx"))
            let job = try #require(upload.headers[.location])
            #expect(try await desk.post(job + "/mapping", DeskRunTests.demoTargets).status == .seeOther)
            #expect(try await desk.checkedPage(job).contains("<strong>2 to fix</strong>"))
            let fix = "line=4&cell[]=pieter%40example.nl&cell[]=Pieter&cell[]=de+Vries&cell[]=Amsterdam&cell[]=K-1003"
            #expect(try await desk.post(job + "/fixes", fix).status == .seeOther)
            #expect(try await desk.checkedPage(job).contains("<strong>1 to fix</strong>"))
            let download = try await desk.client.execute(uri: job + "/fixed", method: .get)
            #expect(download.headers[.contentDisposition] == "attachment; filename=\"contacts-nl-fixed.xlsx\"")
            let copy = desk.dataDirectory + "/fixed.xlsx"
            try Data(buffer: download.body).write(to: URL(fileURLWithPath: copy))
            let reader = try openRowReader(path: copy, options: ReadOptions())
            var rows: [[String]] = []
            while let row = try reader.next() { rows.append(row.values) }
            #expect(reader.columns == ["E-mailadres", "Voornaam", "Achternaam", "Plaats", "Klantnummer"])
            #expect(rows.count == 6 && rows[2] == ["pieter@example.nl", "Pieter", "de Vries", "Amsterdam", "K-1003"], "\(rows)")
            #expect(rows[0] == ["anne.jansen@example.nl", "Anne", "Jansen", "Utrecht", "K-1001"])
            #expect(try PythonReader.workbookRows(copy) == [reader.columns] + rows, "openpyxl reads the same")
        }
    }

    @Test func aWindows1252FileWithLFLineEndsIsFixedInItsOwnEncodingAndLineEnds() async throws {
        try await DeskHarness.with { desk in
            // As a Windows program without "CSV UTF-8" writes it: ë and é as single bytes, LF alone.
            let upload: [UInt8] = Array("email;naam\nann@example;Zo".utf8) + [0xEB] + Array("\nbob@example.com;Ren".utf8) + [0xE9, 0x0A]
            let location = try #require(try await desk.upload("winkel.csv", upload).headers[.location])
            #expect(
                try await desk.post(location + "/mapping", "target[]=email&target[]=firstname&on-duplicate=last&blank=ignore").status
                    == .seeOther)
            #expect(try await desk.checkedPage(location).contains("<strong>1 to fix</strong>"))
            #expect(try await desk.post(location + "/fixes", "line=2&cell[]=ann%40example.nl&cell[]=Zo%C3%AB+%C3%A9").status == .seeOther)
            let fixed = [UInt8](buffer: try await desk.client.execute(uri: location + "/fixed", method: .get).body)
            let expected: [UInt8] =
                Array("email;naam\nann@example.nl;Zo".utf8) + [0xEB, 0x20, 0xE9] + Array("\nbob@example.com;Ren".utf8) + [0xE9, 0x0A]
            #expect(fixed == expected, "\(String(decoding: fixed, as: UTF8.self))")
            let copy = desk.dataDirectory + "/winkel-fixed.csv"
            try Data(fixed).write(to: URL(fileURLWithPath: copy))
            #expect(
                try PythonReader.csvRows(copy, delimiter: ";", encoding: "cp1252")
                    == [["email", "naam"], ["ann@example.nl", "Zoë é"], ["bob@example.com", "René"]])

            // A fix Windows-1252 has no letter for: the copy is UTF-8, with the mark Excel reads it by.
            #expect(try await desk.post(location + "/fixes", "line=2&cell[]=ann%40example.nl&cell[]=Zo%C5%82").status == .seeOther)
            let unicode = [UInt8](buffer: try await desk.client.execute(uri: location + "/fixed", method: .get).body)
            #expect(unicode == [0xEF, 0xBB, 0xBF] + Array("email;naam\nann@example.nl;Zoł\nbob@example.com;René\n".utf8))
        }
    }

    @Test func aFixWithTheWrongCellsOrFromElsewhereIsRefused() async throws {
        try await DeskHarness.with { desk in
            let job = try await desk.mappedContacts("people.csv", Self.csv)
            _ = try await desk.checkedPage(job)
            #expect(try await desk.post(job + "/fixes", "line=2&cell[]=only-one").status == .badRequest)
            #expect(try await desk.post(job + "/fixes", "line=2&cell[]=a%40b.nl&cell[]=A", csrf: "forged").status == .forbidden)
            #expect(
                try await desk.post(job + "/fixes", "line=2&cell[]=a%40b.nl&cell[]=A", origin: "http://evil.example").status == .forbidden)
            #expect(try await desk.checkedPage(job).contains("<strong>2 to fix</strong>"), "nothing was fixed")
        }
    }
}
