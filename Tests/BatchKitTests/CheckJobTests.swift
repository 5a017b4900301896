import BatchKit
import Foundation
import Jobs
import Testing
import TextFormats

@Suite(.timeLimit(.minutes(5))) struct CheckJobTests {
    private func check(_ path: String, _ configure: (inout CheckOptions) -> Void = { _ in }) async throws -> (RunSummary, [[String]]) {
        var options = CheckOptions()
        options.reportPath = TestSupport.temporaryFolder().appendingPathComponent("report.csv").path
        configure(&options)
        let summary = try await CheckJob.run(input: path, options: options)
        return (summary, try TestSupport.reportRecords(summary.report))
    }

    @Test func invalidEmailsEachGetALineAndAReason() async throws {
        let (summary, report) = try await check(TestSupport.fixture("invalid-emails.csv"))
        #expect(summary.rows == 10)
        #expect(summary.count(.valid) == 1)
        #expect(summary.errors == ["invalid-email": 9])
        #expect(summary.blankLinesSkipped == 2)
        #expect(summary.exitCode == 1)
        #expect(report.map { $0[0] } == ["2", "3", "4", "5", "6", "7", "8", "9", "10", "11"])
        #expect(report[0][2...3] == ["valid", "ok"])
        #expect(report[1][5] == "'plainaddress' is not a valid email address: has no @")
        #expect(report[4][5].hasSuffix("the domain 'localhost' has no dot"))
        #expect(report[6][5].hasSuffix("contains a space"))
        #expect(report[9][5].hasSuffix("does not end in a top-level domain such as .com or .nl"))
    }

    @Test func aCheckTellsItsProgressAndTakesNoRowOnceStopped() async throws {
        let path = TestSupport.temporaryFolder().appendingPathComponent("many.csv").path
        try ("email\n" + (1...10_000).map { "p\($0)@example.com\n" }.joined()).write(toFile: path, atomically: true, encoding: .utf8)
        var options = CheckOptions()
        options.reportPath = TestSupport.temporaryFolder().appendingPathComponent("progress.csv").path
        let run = JobRun(CheckJob(options: options), input: path)
        async let events = run.handle.progress.reduce(into: [JobProgress]()) { $0.append($1) }
        let summary = try await run.run()
        let last = try #require(await events.last)
        #expect(summary.rows == 10_000 && summary.stopped == nil)
        #expect(last.finished && last.read == 10_000 && last.ok == 10_000)
        // Stopped before its first row: no row is read, and the summary says why.
        let control = RunControl()
        control.drain(reason: "the desk stopped")
        let stopped = try await CheckJob.run(input: path, options: options, control: control)
        #expect(stopped.rows == 0 && stopped.stopped == "the desk stopped")
        #expect(try TestSupport.reportRecords(options.reportPath!).isEmpty)
    }

    @Test func aRunPublishesItsRowsToFixAsItGoes() async throws {
        let path = TestSupport.temporaryFolder().appendingPathComponent("mixed.csv").path
        let rows = (1...5_000).map { $0 % 7 == 0 ? "broken\($0)@nowhere\n" : "p\($0)@example.com\n" }
        try ("email\n" + rows.joined()).write(toFile: path, atomically: true, encoding: .utf8)
        var options = CheckOptions()
        options.reportPath = TestSupport.temporaryFolder().appendingPathComponent("published.csv").path
        let run = JobRun(CheckJob(options: options), input: path, publishing: .failures)
        async let published = run.handle.outcomes.reduce(into: [RowOutcome]()) { $0 += $1 }
        let summary = try await run.run()
        let lines = await published
        #expect(summary.failed == 714 && lines.count == 714)
        #expect(lines.map(\.line) == (1...5_000).filter { $0 % 7 == 0 }.map { $0 + 1 })
        #expect(lines.allSatisfy { $0.problem?.code == "invalid-email" && !$0.ok && $0.action == .invalid })
        #expect(lines.first?.problem == .invalidEmail("broken7@nowhere", .domainWithoutDot("nowhere")))
        // Without asking, nothing is published.
        let quiet = JobRun(CheckJob(options: options), input: path)
        _ = try await quiet.run()
        #expect(await quiet.handle.outcomes.reduce(0) { $0 + $1.count } == 0)
    }

    @Test func inviteRowsAreCheckedAsCapillaryWouldBeforeAnyCall() async throws {
        let csv = """
            Verwijzer,Vriend,Soort
            9190000000001,31612345678,MOBILE
            9190000000001,31612345678,MOBILE
            9190000000003,79998364,MOBILE
            9190000000004,31633334444,WHATSAPP
            ,31644445555,MOBILE
            9190000000005,eva@example.nl,

            """
        var invites = InviteOptions()
        invites.renames = [("Verwijzer", "referrer_mobile"), ("Vriend", "identifier"), ("Soort", "type")]
        invites.campaignToken = "J0H7Q"
        let (summary, report) = try await check(TestSupport.temporaryFile(Array(csv.utf8))) { $0.invites = invites }
        #expect(summary.rows == 6 && summary.count(.valid) == 1 && summary.count(.skipped) == 1 && summary.failed == 4)
        #expect(report.map { $0[2] } == ["valid", "skipped", "invalid", "invalid", "invalid", "invalid"])
        #expect(report.map { $0[4] } == ["", "", "1701", "1206", "missing-referrer", "missing-type"])
        #expect(report[1][5] == "the same invite as line 2; not sent twice")
        // A file without the fields an invite needs stops before any row.
        invites.renames = [("Vriend", "identifier")]
        await #expect(throws: MappingError.self) { try await check(TestSupport.temporaryFile(Array(csv.utf8))) { $0.invites = invites } }
    }

    @Test func emptyEmailCellIsMissingEmail() async throws {
        let (summary, report) = try await check(TestSupport.temporaryFile(Array("email,name\n,Ann\n".utf8)))
        #expect(summary.errors == ["missing-email": 1])
        #expect(report == [["2", "", "invalid", "failed", "missing-email", "the email cell is empty", "", "0", "", "0"]])
    }

    @Test(arguments: [
        (DuplicateRule.first, ["valid", "valid", "skipped", "skipped"], Int32(0)),
        (.last, ["valid", "valid", "valid", "valid"], 0),
        (.merge, ["valid", "valid", "valid", "valid"], 0),
        (.fail, ["valid", "valid", "invalid", "invalid"], 1),
    ])
    func duplicateRules(rule: DuplicateRule, actions: [String], exitCode: Int32) async throws {
        let (summary, report) = try await check(TestSupport.fixture("duplicates.csv")) { $0.mapping.duplicates = rule }
        #expect(report.map { $0[2] } == actions)
        #expect(report.map { $0[1] } == ["a@example.com", "b@example.com", "a@example.com", "b@example.com"])
        if rule == .first || rule == .fail {
            #expect(report[2][5].contains("line 2"))
            #expect(report[3][5].contains("line 3"))
        } else {
            // Applied in input order: nothing to remember, nothing to say.
            #expect(report[2][5] == "" && report[3][5] == "")
        }
        #expect(summary.exitCode == exitCode)
    }

    @Test func mergeNeverClearsWithALaterBlank() async throws {
        var options = MappingOptions()
        options.blank = .clear
        options.duplicates = .merge
        let mapping = try ColumnMapping(columns: ["email", "firstname", "city"], options: options, requireEmail: true)
        var validator = ContactValidator(mapping: mapping, rule: .merge, blank: .clear)
        _ = validator.validate(SourceRow(line: 2, values: ["a@example.com", "Ann", "Delft"]))
        let later = validator.validate(SourceRow(line: 4, values: ["a@example.com", "", "Gouda"]))
        #expect(
            later
                == .apply(
                    ContactRow(line: 4, email: "a@example.com", attributes: [Attribute(name: "city", value: "Gouda")]), duplicateOf: 2))
    }

    @Test func mappingRenamesAndBlankRules() async throws {
        var options = MappingOptions()
        options.renames = [("E-mailadres", "email"), ("Voornaam", "firstname"), ("Punten", "-")]
        options.blank = .clear
        let mapping = try ColumnMapping(columns: ["E-mailadres", "Voornaam", "Achternaam", "Punten"], options: options, requireEmail: true)
        #expect(mapping.targets == [.email, .attribute("firstname"), .attribute("Achternaam"), .ignored])
        let row = mapping.map(SourceRow(line: 2, values: [" Rene@Example.NL ", "René", "", "12"]))
        #expect(
            row
                == ContactRow(
                    line: 2, email: "rene@example.nl",
                    attributes: [Attribute(name: "firstname", value: "René"), Attribute(name: "Achternaam", value: "")]))
    }

    @Test func noEmailColumnSuggestsTheDelimiter() async throws {
        let path = TestSupport.temporaryFile(Array("email;firstname\na@example.com;Ann\n".utf8))
        let error = await #expect(throws: MappingError.self) { try await check(path) { $0.read.delimiter = UInt8(ascii: ",") } }
        #expect(
            error?.message
                == "no email column among: 'email;firstname'; the header is one column holding ';': pass \(Setting.delimiter.mention(";"))")
    }

    @Test func mapOfAMissingColumnListsTheColumns() async throws {
        let error = await #expect(throws: MappingError.self) {
            try await check(TestSupport.fixture("duplicates.csv")) { $0.mapping.renames = [("E-mail", "email")] }
        }
        #expect(
            error?.message
                == "\(Setting.map.mention("E-mail=email")): the file has no column 'E-mail'; its columns are: 'email', 'firstname', 'city'")
    }

    @Test func unmappedErrorNamesTheColumn() async throws {
        let error = await #expect(throws: MappingError.self) {
            try await check(TestSupport.fixture("duplicates.csv")) { $0.mapping.unmapped = .error }
        }
        #expect(error?.message.hasPrefix("column 'firstname' is not mapped") == true)
    }

    @Test func ndjsonRowsWithoutEmailFailOneByOne() async throws {
        let (summary, report) = try await check(TestSupport.fixture("migration.ndjson"))
        #expect(summary.rows == 4)
        #expect(report.map { $0[2] } == ["valid", "valid", "invalid", "valid"])
        #expect(report[2][4] == "invalid-json")
        #expect(report[2][0] == "4")
    }

    @Test func excelExportChecksCleanAndReportIsOwnerOnly() async throws {
        let (summary, _) = try await check(TestSupport.fixture("excel-nl-utf8.csv")) { $0.mapping.renames = [("E-mailadres", "email")] }
        #expect(summary.exitCode == 0)
        #expect(summary.count(.valid) == 2)
        let permissions = try FileManager.default.attributesOfItem(atPath: summary.report)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
    }

    @Test func theRowsToFixAreInTheInputsOwnFormat() async throws {
        let csv = "\u{FEFF}E-mailadres;Voornaam\r\nanne@example.nl;Anne\r\npieter@example;Pieter\r\n;Sanne\r\n"
        let rowsToFix = TestSupport.temporaryFolder().appendingPathComponent("fix.csv").path
        let (summary, _) = try await check(TestSupport.temporaryFile(Array(csv.utf8))) {
            $0.mapping.renames = [("E-mailadres", "email")]
            $0.failedRowsPath = rowsToFix
        }
        #expect(summary.failed == 2 && summary.failedRows == rowsToFix)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: rowsToFix)))
        let written = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        // The BOM and the `;` of the input, its columns, then what is wrong with each row.
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(written.hasPrefix("E-mailadres;Voornaam;error_code;error_message\r\npieter@example;Pieter;invalid-email;"))
        #expect(written.contains("\r\n;Sanne;missing-email;"))
        // With none invalid, no file is left behind.
        let clean = TestSupport.temporaryFolder().appendingPathComponent("clean.csv").path
        let (none, _) = try await check(TestSupport.temporaryFile(Array("email\nanne@example.nl\n".utf8))) { $0.failedRowsPath = clean }
        #expect(none.failedRows == nil && !FileManager.default.fileExists(atPath: clean))
    }
}
