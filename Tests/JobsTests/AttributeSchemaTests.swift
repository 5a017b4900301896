import BatchKit
import Foundation
import Jobs
import Sandbox
import Testing
import TextFormats

/// The import checks its mapping against the account's contact attributes before the first row,
/// and each value against its attribute's type.
@Suite(.timeLimit(.minutes(5))) struct AttributeSchemaTests {
    @Test func unknownAndReadOnlyColumnsStopTheImportBeforeAnythingIsSent() async throws {
        try await JobsHarness.with { sandbox in
            let input = try sandbox.write("in.csv", "email,voornaam,Niveau,Klantnummer\na@example.com,Anne,Gold,K-1\n")
            let error = await #expect(throws: MappingError.self) {
                try await sandbox.importContacts(input) { $0.mapping.renames = [("Niveau", "tier")] }
            }
            let message = error?.message ?? ""
            #expect(message.contains("'voornaam' is not a Leat contact attribute; did you mean 'firstname'?"), "\(message)")
            #expect(message.contains("'tier' (column 'Niveau') is read-only in Leat"), "\(message)")
            #expect(message.contains("'Klantnummer' is not a Leat contact attribute"), "\(message)")
            #expect(message.contains(Setting.createAttributes.mention()))
            let requests = try await sandbox.stats()["requests"] as? [String: Int] ?? [:]
            #expect(
                requests.keys.filter { $0.contains("/api/") && !$0.hasSuffix("contact-attributes") }.isEmpty,
                "only the attribute list was asked: \(requests)")
            #expect(try await sandbox.contacts().isEmpty)
        }
    }

    @Test func theCommandLineExitsWith2AndNamesTheWaysOut() async throws {
        try await JobsHarness.with { sandbox in
            let input = try sandbox.write("in.csv", "email,Voornaam\na@example.com,Anne\n")
            let (exit, errors) = try await JobsHarness.runCLI(
                ["import", "contacts", input, "--report", sandbox.path("report.csv"), "--quiet"], environment: sandbox.environment)
            #expect(exit == 2)
            #expect(errors.contains("did you mean 'firstname'?"), "\(errors)")
            #expect(errors.contains("--map 'Voornaam=NAME'") && errors.contains("--map 'Voornaam=-'"), "\(errors)")
            #expect(try await sandbox.contacts().isEmpty)
        }
    }

    @Test func createAttributesMakesTheMissingOnesAndTheValuesAreStored() async throws {
        try await JobsHarness.with { sandbox in
            let input = try sandbox.write("in.csv", "email,City,Klant nummer\na@example.com,Utrecht,K-1\nb@example.com,Gouda,K-2\n")
            let summary = try await sandbox.importContacts(input) { $0.createAttributes = true }
            #expect(summary.ok == 2)
            #expect(
                summary.notes.first
                    == "created the contact attribute 'klant_nummer' (text) for column 'Klant nummer' (\(Setting.createAttributes.mention()))"
            )
            let contacts = try await sandbox.contacts()
            #expect(contacts["a@example.com"] == ["city": "Utrecht", "klant_nummer": "K-1"], "City went to city, as Leat spells it")
            #expect(contacts["b@example.com"]?["klant_nummer"] == "K-2")
        }
    }

    @Test func aDryRunSaysWhatItWouldCreateAndCreatesNothing() async throws {
        try await JobsHarness.with { sandbox in
            let input = try sandbox.write("in.csv", "email,klantnummer\na@example.com,K-1\n")
            let summary = try await sandbox.importContacts(input) {
                $0.createAttributes = true
                $0.run.dryRun = true
            }
            #expect(summary.notes.first?.hasPrefix("would create the contact attribute 'klantnummer'") == true)
            #expect(summary.ok == 1)
            #expect(try await sandbox.requests("POST /api/v3/oauth/clients/contact-attributes") == 0)
        }
    }

    @Test func valuesAreCheckedAgainstTheirTypeAndDatesBecomeISO() async throws {
        try await JobsHarness.with({
            $0.attributes = [SandboxAttribute(argument: "gender:select:m|f|x")!, SandboxAttribute(argument: "nieuwsbrief:boolean")!]
        }) { sandbox in
            let input = try sandbox.write(
                "in.csv",
                """
                email,birthdate,nieuwsbrief,gender,housenumber
                ok1@example.com,31-12-1990,yes,F,12
                ok2@example.com,1985/04/12,0,x,
                date1@example.com,31-13-1990,,,
                date2@example.com,12/31/1990,,,
                date3@example.com,05-06-90,,,
                bool@example.com,,ja,,
                select@example.com,,,q,
                number@example.com,,,,12a
                leap@example.com,2000-02-29,,,+12
                day@example.com,1990-02-30,,,
                digits@example.com,,,,١٢

                """)
            let report = sandbox.path("report.csv")
            let summary = try await sandbox.importContacts(input) { $0.run.reportPath = report }
            #expect(summary.ok == 3)
            #expect(summary.errors == ["invalid-value": 8])
            let lines = try ReportFile(path: report)
            #expect(lines.row(4)?["error_message"]?.contains("'31-13-1990' in column 'birthdate'") == true)
            #expect(lines.row(5)?["error_message"]?.contains(Setting.dateOrder.mention("mdy")) == true, "\(lines.row(5) ?? [:])")
            #expect(lines.row(6)?["error_message"]?.contains("four digits") == true)
            #expect(lines.row(7)?["error_message"]?.contains("true or false") == true)
            #expect(lines.row(8)?["error_message"]?.contains("one of 'm', 'f', 'x'") == true)
            #expect(lines.row(9)?["error_message"]?.contains("a whole number") == true)
            #expect(lines.row(11)?["error_message"]?.contains("there is no such day") == true)
            #expect(lines.row(12)?["error_message"]?.contains("a whole number") == true, "Arabic-Indic digits are no ASCII number")
            let contacts = try await sandbox.contacts()
            #expect(contacts["ok1@example.com"] == ["birthdate": "1990-12-31", "nieuwsbrief": "1", "gender": "f", "housenumber": "12"])
            #expect(contacts["ok2@example.com"] == ["birthdate": "1985-04-12", "nieuwsbrief": "0", "gender": "x"])
            #expect(contacts["leap@example.com"] == ["birthdate": "2000-02-29", "housenumber": "+12"])
            #expect(contacts["date1@example.com"] == nil, "no request for a row that failed offline")
        }
    }

    @Test func theDateOrderDecidesHowDayAndMonthAreRead() async throws {
        try await JobsHarness.with { sandbox in
            let input = try sandbox.write("in.csv", "email,birthdate\na@example.com,04/05/1990\nb@example.com,12/31/1990\n")
            let summary = try await sandbox.importContacts(input) { $0.dateOrder = .mdy }
            #expect(summary.ok == 2)
            let contacts = try await sandbox.contacts()
            #expect(contacts["a@example.com"]?["birthdate"] == "1990-04-05")
            #expect(contacts["b@example.com"]?["birthdate"] == "1990-12-31")
        }
    }

    @Test func anNDJSONKeyFirstSeenLaterFailsItsRowsWithTheReason() async throws {
        try await JobsHarness.with { sandbox in
            let input = try sandbox.write(
                "in.ndjson",
                """
                {"email": "a@example.com", "firstname": "Anne"}
                {"email": "b@example.com", "firstname": "Bas", "voornaam": "Bas"}
                {"email": "c@example.com", "firstname": "Cor"}

                """)
            let report = sandbox.path("report.csv")
            let summary = try await sandbox.importContacts(input) { $0.run.reportPath = report }
            #expect(summary.ok == 2)
            #expect(summary.errors == ["unknown-attribute": 1])
            let line = try ReportFile(path: report).row(2)
            #expect(line?["error_message"]?.contains("did you mean 'firstname'?") == true, "\(line ?? [:])")
        }
    }
}
