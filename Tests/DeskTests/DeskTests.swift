import Commands
import Desk
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The import desk's pages, over HTTP to the router with a sandbox behind it.
@Suite(.timeLimit(.minutes(5))) struct DeskTests {
    @Test func anUploadShowsWhatWasReadAndSuggestsWhereEachColumnGoes() async throws {
        try await DeskHarness.with { desk in
            let uploaded = try await desk.upload("contacts-nl.csv", DeskHarness.repositoryFile("examples/contacts-nl.csv"))
            #expect(uploaded.status == .seeOther)
            let location = try #require(uploaded.headers[.location])
            let page = String(buffer: try await desk.client.execute(uri: location, method: .get).body)
            #expect(page.contains("CSV, columns separated by semicolons, saved by Excel as CSV UTF-8."))
            #expect(page.contains("<td>anne.jansen@example.nl</td>"))
            #expect(DeskHarness.selected(for: "E-mailadres", in: page) == "email")
            #expect(DeskHarness.selected(for: "Voornaam", in: page) == "firstname")
            #expect(DeskHarness.selected(for: "Achternaam", in: page) == "lastname")
            #expect(DeskHarness.selected(for: "Plaats", in: page) == "city")
            #expect(DeskHarness.selected(for: "Klantnummer", in: page) == "+new")
            // Kept owner-only, under a generated name.
            let job = try #require(desk.jobs.first)
            let attributes = try FileManager.default.attributesOfItem(atPath: desk.dataDirectory + "/jobs/\(job)/upload.csv")
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
        }
    }

    @Test func theJobFileRunsTheImportTheMapPageShowed() async throws {
        try await DeskHarness.with { desk in
            let answer = try await desk.jobFile(
                for: "examples/contacts-nl.csv", targets: ["email", "firstname", "lastname", "city", "+new"])
            #expect(answer.status == .ok)
            #expect(answer.headers[.contentDisposition] == "attachment; filename=\"import-contacts-nl.yml\"")
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("desk-job-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            try Data(buffer: answer.body).write(to: URL(fileURLWithPath: folder + "/import.yml"))
            let arguments = try JobFile.load(path: folder + "/import.yml").arguments
            #expect(Array(arguments.prefix(3)) == ["import", "contacts", folder + "/contacts-nl.csv"])
            for pair in ["E-mailadres=email", "Voornaam=firstname", "Achternaam=lastname", "Plaats=city", "Klantnummer=klantnummer"] {
                #expect(arguments.contains(pair), "\(pair) in \(arguments)")
            }
            #expect(arguments.contains("--create-attributes") && arguments.contains("--on-duplicate"))
        }
    }

    @Test func aMappingWithoutOneEmailColumnIsSentBackSayingSo() async throws {
        try await DeskHarness.with { desk in
            let answer = try await desk.jobFile(for: "examples/contacts-nl.csv", targets: ["-", "firstname", "lastname", "city", "-"])
            #expect(answer.status == .badRequest)
            #expect(String(buffer: answer.body).contains("choose exactly one column for email"))
        }
    }

    @Test func cellsAreShownAsTextNeverAsMarkup() async throws {
        try await DeskHarness.with { desk in
            let csv = "email,firstname\nx@example.com,<script>alert(1)</script>\n"
            let location = try #require(try await desk.upload("evil.csv", Array(csv.utf8)).headers[.location])
            let answer = try await desk.client.execute(uri: location, method: .get)
            let page = String(buffer: answer.body)
            #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!page.contains("<script>alert"))
            #expect(answer.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
            #expect(answer.headers[.xContentTypeOptions] == "nosniff")
            // The one script is the desk's own file, never inline.
            #expect(page.contains("<script src=\"/desk.js\" defer></script>") && !page.contains("<script>"))
            let script = try await desk.client.execute(uri: "/desk.js", method: .get)
            #expect(script.headers[.contentType] == "text/javascript; charset=utf-8" && String(buffer: script.body).contains("EventSource"))
        }
    }

    @Test func aFormFromElsewhereIsRefusedAndNothingKept() async throws {
        try await DeskHarness.with { desk in
            let csv = Array("email\na@example.com\n".utf8)
            let forged = try await desk.upload("a.csv", csv, csrf: "forged")
            let elsewhere = try await desk.upload("a.csv", csv, origin: "http://evil.example")
            #expect(forged.status == .forbidden && elsewhere.status == .forbidden)
            #expect(desk.jobs.isEmpty)
        }
    }

    @Test func anUploadOverTheLimitIs413AndNothingKept() async throws {
        try await DeskHarness.with(maxUploadBytes: 4096) { desk in
            let csv = Array(("email\n" + String(repeating: "someone@example.com\n", count: 1000)).utf8)
            let answer = try await desk.upload("big.csv", csv)
            #expect(answer.status == .contentTooLarge)
            #expect(String(buffer: answer.body).contains("up to 0 MB") || String(buffer: answer.body).contains("too large"))
            #expect(desk.jobs.isEmpty)
        }
    }

    @Test(arguments: [
        ("report.pdf", Array("%PDF-1.7\n%âãÏÓ\n".utf8), "this is a PDF"),
        ("photo.csv", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13], "this is an image"),
        ("data.csv", [0x01, 0x00, 0x02, 0x00, 0x41, 0x00], "this is a binary file"),
        ("old.xlsx", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "an old Excel file (.xls) or a password-protected workbook"),
    ])
    func whatIsNotASpreadsheetGetsAClearPageAndNothingIsKept(name: String, bytes: [UInt8], message: String) async throws {
        try await DeskHarness.with { desk in
            let answer = try await desk.upload(name, bytes)
            #expect(answer.status == .unsupportedMediaType)
            #expect(String(buffer: answer.body).contains(message))
            #expect(desk.jobs.isEmpty)
        }
    }

    @Test func aFileNameWithAPathIsShownNeverUsed() async throws {
        try await DeskHarness.with { desk in
            let location = try #require(
                try await desk.upload("../../../etc/passwd.csv", Array("email\na@example.com\n".utf8)).headers[.location])
            let page = String(buffer: try await desk.client.execute(uri: location, method: .get).body)
            #expect(page.contains("<h1>passwd.csv</h1>"))
            let job = try #require(desk.jobs.first)
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: desk.dataDirectory + "/jobs/\(job)").sorted() == [
                    "name.txt", "upload-preview.json", "upload.csv",
                ])
            let traversal = try await desk.client.execute(uri: "/jobs/..%2F..%2Fetc", method: .get)
            #expect(traversal.status == .notFound)
        }
    }
}
