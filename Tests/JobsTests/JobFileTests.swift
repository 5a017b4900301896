import BatchKit
import Commands
import Foundation
import Jobs
import LeatAPI
import Testing

/// Job files: parsed into arguments with errors naming key and line; the templates and examples
/// run with the real binary against the in-process sandbox.
@Suite(.timeLimit(.minutes(5))) struct JobFileTests {
    static let root = FileManager.default.currentDirectoryPath

    @Test func aJobFileBecomesTheCommandsArguments() throws {
        let job = try JobFile.parse(
            """
            job: import contacts
            input: klanten.csv
            delimiter: ";"
            map:
              E-mailadres: email
              Voornaam: firstname
            concurrency: 8
            rate: 3000/min
            adaptive: false
            dry-run: true
            """, path: "/jobs/nightly.yml")
        #expect(
            job.arguments == [
                "import", "contacts", "/jobs/klanten.csv", "--delimiter", ";", "--map", "E-mailadres=email",
                "--map", "Voornaam=firstname", "--concurrency", "8", "--rate", "3000/min", "--dry-run",
            ])
        let export = try JobFile.parse(
            "job: export contacts\noutput: out/c.csv\ncolumns: [uuid, email]\nexcel-safe: false\n", path: "/jobs/e.yml")
        #expect(export.arguments == ["export", "contacts", "--output", "/jobs/out/c.csv", "--columns", "uuid,email", "--no-excel-safe"])
    }

    @Test(arguments: [
        ("job: import contacts\ninput: a.csv\nconcurency: 4\n", 3, "unknown key 'concurency' for import contacts; the keys are: adaptive"),
        ("job: import contacts\ninput: a.csv\n\nconcurrency: many\n", 4, "'concurrency' must be a whole number, not 'many'"),
        ("job: export contacts\noutput: x.csv\ntoken: abc\n", 3, "'token' is a secret"),
        ("job: export everything\n", 1, "job 'export everything' is not one of: import contacts"),
        ("input: a.csv\n", 1, "has no 'job:' key"),
        ("job: import contacts\n", 1, "import contacts needs 'input:'"),
        (
            "job: import contacts\ninput: a.csv\nrate: fast\n", 3,
            "'rate' must be requests per second (50) or per minute (3000/min), not 'fast'"
        ),
        ("job: import contacts\ninput: a.csv\non-duplicate: newest\n", 3, "'on-duplicate' must be one of first, last, merge, fail"),
        ("job: import contacts\ninput: a.csv\nmap: [email]\n", 3, "'map' must be a mapping of column to target"),
        ("job: export referrals\noutput: r.csv\nstate: s.json\n", 3, "unknown key 'state' for export referrals"),
        ("job: import contacts\n  input: [a.csv\n", 2, "is not valid YAML"),
    ])
    func aBadJobFileNamesTheLineAndWhatToFix(text: String, line: Int, message: String) throws {
        let error = #expect(throws: JobFileError.self) { try JobFile.parse(text, path: "job.yml") }
        #expect(error?.line == line)
        #expect(error?.description.hasPrefix("job.yml:\(line): ") == true)
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
    }

    @Test func everyTemplateParsesAndRunsAgainstTheSandbox() async throws {
        try await JobsHarness.with({
            $0.seedCustomers = 10
            $0.seedContacts = 250
        }) { sandbox in
            let templates = Self.root + "/templates/"
            for name in try FileManager.default.contentsOfDirectory(atPath: templates) where name.hasSuffix(".yml") {
                try FileManager.default.copyItem(atPath: templates + name, toPath: sandbox.path(name))
                _ = try JobFile.load(path: sandbox.path(name))
            }
            // The data files the templates read, from the CSV templates and a legacy export.
            try FileManager.default.copyItem(atPath: templates + "contacts-template.csv", toPath: sandbox.path("contacts.csv"))
            try String(contentsOfFile: templates + "referrals-template.csv", encoding: .utf8)
                .replacingOccurrences(of: "917999836466", with: "9190000000001")
                .write(toFile: sandbox.path("referrals.csv"), atomically: true, encoding: .utf8)
            _ = try sandbox.write(
                "legacy-export.csv",
                """
                Klantnummer;E-mailadres;Voornaam;Achternaam;Woonplaats;Verwijscode;Interne notitie
                K-1001;piet@example.nl;Piet;Jansen;Utrecht;;vip
                K-1002;anna@example.nl;Anna;de Vries;Leiden;;

                """)
            _ = try sandbox.write(
                "legacy-points.csv",
                """
                Klantnummer;E-mailadres;Naam;Saldo
                L-1001;piet@example.nl;Piet Jansen;3.200
                L-1002;nieuw@example.nl;Nieuw Lid;1 250

                """)
            let environment = sandbox.environment
            for (job, status) in [
                ("import-contacts.yml", 0), ("migrate-legacy.yml", 0), ("invite-referrals.yml", 0), ("nightly-export.yml", 0),
                ("migrate-balances.yml", 0),
            ] {
                let (exit, errors) = try await JobsHarness.runCLI(["run", sandbox.path(job), "--quiet"], environment: environment)
                #expect(exit == Int32(status), "\(job): \(errors)")
            }
            #expect(try await sandbox.contacts()["anna@example.nl"]?["legacy_customer_number"] == "K-1002")
            #expect(try await sandbox.invites() == ["mobile:9190000000001|31612345678": 1])
            let nightly = try Data(contentsOf: URL(fileURLWithPath: sandbox.path("contacts-nightly.csv")))
            #expect(nightly.starts(with: Data("\u{FEFF}uuid;email;firstname;lastname;created_at;loyalty_balance\r\n".utf8)))
            #expect(FileManager.default.fileExists(atPath: sandbox.path("contacts-nightly.state.json")))
        }
    }

    @Test func theNDJSONMigrationExampleImportsTheGoodLinesAndNamesTheBadOnes() async throws {
        try await JobsHarness.with { sandbox in
            let report = sandbox.path("migration.report.csv")
            let (exit, errors) = try await JobsHarness.runCLI(
                [
                    "run", Self.root + "/examples/migrate-legacy-ndjson.yml", "--report", report, "--failed-rows", sandbox.path("f.ndjson"),
                    "--quiet",
                ],
                environment: sandbox.environment)
            #expect(exit == 1, "\(errors)")
            let lines = try ReportFile(path: report)
            #expect(lines.row(4)?["error_code"] == "invalid-email" && lines.row(6)?["error_code"] == "invalid-json")
            let contacts = try await sandbox.contacts()
            #expect(
                contacts["thomas.bakker@example.com"] == [
                    "legacy_customer_number": "K-2002", "firstname": "Thomas", "lastname": "Bakker", "city": "Delft",
                ])
            #expect(contacts["sem.dekker@example.nl"]?["city"] == "'s-Hertogenbosch")
        }
    }

    @Test func theNightlyExportScriptExportsOnlyWhatIsNew() async throws {
        try await JobsHarness.with({ $0.seedContacts = 300 }) { sandbox in
            for name in ["nightly-export.sh", "nightly-export.yml"] {
                try FileManager.default.copyItem(atPath: Self.root + "/examples/" + name, toPath: sandbox.path(name))
            }
            var environment = sandbox.environment
            environment["LOYALTY_BATCH"] = CrashResumeTests.binary
            environment["PATH"] = "/usr/bin:/bin"
            func night() async throws -> Int {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/bin/sh")
                process.arguments = [sandbox.path("nightly-export.sh")]
                process.environment = environment
                process.standardOutput = FileHandle.nullDevice
                try process.run()
                await CrashResumeTests.exit(of: process)
                #expect(process.terminationStatus == 0)
                return try readCSVRows(sandbox.path("contacts-nightly.csv"))
            }
            #expect(try await night() == 300)
            let client = LeatClient(configuration: try LeatConfiguration(baseURL: sandbox.sandbox.leatBaseURL, token: "sandbox-token"))
            for index in 0..<7 { _ = try await client.findOrCreate(email: "night\(index)@example.com") }
            try await client.shutdown()
            #expect(try await night() == 7)
        }
    }

    /// Data rows of a `;`-separated export with a BOM.
    private func readCSVRows(_ path: String) throws -> Int {
        var options = ReadOptions()
        options.delimiter = UInt8(ascii: ";")
        let reader = try CSVReader(path: path, options: options)
        var count = 0
        while try reader.next() != nil { count += 1 }
        return count
    }

    @Test func theExampleJobRunsAndFlagsAfterItOverrideIt() async throws {
        try await JobsHarness.with { sandbox in
            let report = sandbox.path("override.report.csv")
            let (exit, errors) = try await JobsHarness.runCLI(
                [
                    "run", Self.root + "/examples/import-contacts-nl.yml", "--report", report, "--failed-rows", sandbox.path("f.csv"),
                    "--on-duplicate", "fail", "--quiet",
                ], environment: sandbox.environment)
            #expect(exit == 1, "\(errors)")
            let lines = try ReportFile(path: report)
            #expect(lines.all.count == 6)
            #expect(lines.all.contains { $0["error_code"] == "duplicate-key" })
        }
    }
}
