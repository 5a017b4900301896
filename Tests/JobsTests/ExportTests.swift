import BatchKit
import Commands
import Crypto
import Foundation
import Jobs
import LeatAPI
import Sandbox
import Testing

/// `export` against the in-process sandbox, over HTTP.
@Suite(.timeLimit(.minutes(5))) struct ExportTests {
    @Test func contactsReferralsAndTiersAreExportedWholeEachRowOnce() async throws {
        try await JobsHarness.with({ $0.seedContacts = 25_000 }) { sandbox in
            let summary = try await sandbox.export(.contacts, to: "contacts.csv")
            #expect(summary.exitCode == 0 && summary.rows == 25_000 && summary.export?.pages == 250)
            let exported = try readCSV(sandbox.path("contacts.csv"))
            let records = try await sandbox.contactRecords()
            #expect(exported.count == records.count)
            #expect(Set(exported.map { $0["uuid"]! }).count == exported.count)
            var mismatches = 0
            for row in exported {
                guard let record = records[row["uuid"]!] else {
                    mismatches += 1
                    continue
                }
                let attributes = record["attributes"] as? [String: String] ?? [:]
                if row["email"] != record["email"] as? String || row["created_at"] != record["created_at"] as? String
                    || attributes.contains(where: { row[$0.key] != $0.value })
                {
                    mismatches += 1
                }
            }
            #expect(mismatches == 0)
            let manifest =
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: try #require(summary.export?.manifest))))
                as? [String: Any]
            #expect(manifest?["rows"] as? Int == 25_000)
            #expect(manifest?["sha256"] as? String == summary.export?.sha256 && summary.export?.sha256?.count == 64)
            let written = SHA256.hash(data: try Data(contentsOf: URL(fileURLWithPath: sandbox.path("contacts.csv"))))
            #expect(summary.export?.sha256 == written.map { String(format: "%02x", $0) }.joined())

            let referrals = try await sandbox.export(.referrals, to: "referrals.csv")
            let referralRows = try readCSV(sandbox.path("referrals.csv"))
            #expect(referrals.rows == (try await sandbox.stats()["referrals"] as? Int) && referralRows.count == referrals.rows)
            #expect(Set(referralRows.map { $0["uuid"]! }).count == referralRows.count)
            #expect(
                referralRows.allSatisfy { records[$0["referring_contact_uuid"]!]?["email"] as? String == $0["referring_contact_email"] })

            _ = try await sandbox.export(.tiers, to: "tiers.csv")
            #expect(try readCSV(sandbox.path("tiers.csv")).map { $0["name"]! } == ["Bronze", "Silver", "Gold"])
        }
    }

    /// Real `current_values` carry login links and codes that change with every answer: left out
    /// unless `--columns` names them (and said in the manifest); typed values written alike; the
    /// tier by its name.
    /// An export is watched and stopped as a bulk run is: its progress ends with every row and
    /// page, and a stop before its first page leaves no file.
    @Test func anExportsProgressEndsWithEveryPageAndAStopLeavesNoFile() async throws {
        try await JobsHarness.with({ $0.seedContacts = 1_000 }) { sandbox in
            var options = ExportOptions()
            (options.entity, options.output) = (.contacts, sandbox.path("watched.csv"))
            let configuration = try LeatConfiguration(baseURL: sandbox.sandbox.leatBaseURL, token: "sandbox-token")
            try await withLeatClient(configuration: configuration) { client in
                let export = ExportRun(options: options, client: client)
                async let events = export.handle.progress.reduce(into: [JobProgress]()) { $0.append($1) }
                let summary = try await export.run()
                let last = try #require(await events.last)
                #expect(summary.rows == 1_000 && summary.export?.pages == 10)
                #expect(last.finished && last.read == 1_000 && last.pagesDone == 10 && last.lastPage == 10)

                options.output = sandbox.path("stopped.csv")
                let stopped = ExportRun(options: options, client: client)
                stopped.handle.stop(reason: "the desk stopped")
                #expect(try await stopped.run().stopped != nil)
                #expect(!FileManager.default.fileExists(atPath: options.output))
            }
        }
    }

    @Test func loginLinksAndCodesAreLeftOutUnlessAsked() async throws {
        try await JobsHarness.with({ $0.seedContacts = 300 }) { sandbox in
            let login = [
                "add_to_wallet", "custom_app_login_code", "custom_app_login_url", "double_opt_in_confirmation_url_1",
                "subscription_preferences_url",
            ]
            let summary = try await sandbox.export(.contacts, to: "contacts.csv")
            let rows = try readCSV(sandbox.path("contacts.csv"))
            #expect(rows.count == 300)
            #expect(Set(rows[0].keys).isDisjoint(with: login))
            #expect(rows[0].keys.contains("subscription_status_1") && rows[0].keys.contains("age"))
            #expect(rows.allSatisfy { ["", "Bronze", "Silver", "Gold"].contains($0["tier"]!) } && rows.contains { $0["tier"] == "Gold" })
            #expect(rows.allSatisfy { $0["is_anonymous"] == "false" && Int($0["loyalty_balance"]!) != nil })
            let manifest =
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: try #require(summary.export?.manifest))))
                as? [String: Any]
            #expect((manifest?["columns_left_out"] as? [String: Any])?["columns"] as? [String] == login)

            _ = try await sandbox.export(.contacts, to: "contacts.ndjson") { $0.format = .ndjson }
            let lines = try String(contentsOfFile: sandbox.path("contacts.ndjson"), encoding: .utf8)
            #expect(!lines.contains("custom_app_login") && !lines.contains("add_to_wallet") && lines.contains("subscription_status_1"))

            _ = try await sandbox.export(.contacts, to: "codes.csv") { $0.columns = ["email", "custom_app_login_code"] }
            let codes = try readCSV(sandbox.path("codes.csv"))
            #expect(codes.allSatisfy { $0["custom_app_login_code"]?.count == 6 && Int($0["custom_app_login_code"]!) != nil })
        }
    }

    @Test func anExportsSummaryIsARunSummaryWithItsPagesFileAndManifest() async throws {
        try await JobsHarness.with({ $0.seedContacts = 250 }) { sandbox in
            let summary = try await sandbox.export(.contacts, to: "few.csv")
            #expect(summary.command == "export" && summary.input == "contacts" && summary.rows == 250 && summary.ok == 250)
            let figures = try #require(summary.export)
            #expect(figures.output == sandbox.path("few.csv") && figures.pages == 3 && figures.sha256?.count == 64)
            #expect(figures.manifest == sandbox.path("few.csv") + ".manifest.json")
            // The command line says it as an export, through the one renderer of a summary.
            #expect(
                summary.text.hasPrefix("export contacts: 250 rows from 3 pages in ") && summary.text.contains("output: \(figures.output)"))
            // Written as any run's summary is, and read back whole.
            let path = sandbox.path("few.summary.json")
            try summary.write(toJSON: path)
            #expect(RunSummary.read(fromJSON: path)?.export == figures)
        }
    }

    /// A server that caps `limit` (here at 30): referrals, which carry no last page, are fetched
    /// until an empty page, so all of them are exported, with every status.
    @Test func aServerThatCapsPagesStillGivesEveryReferral() async throws {
        try await JobsHarness.with({
            $0.seedContacts = 1_250
            $0.pageCap = 30
        }) { sandbox in
            let total = try #require(try await sandbox.stats()["referrals"] as? Int)
            #expect(total > 200)
            let summary = try await sandbox.export(.referrals, to: "referrals.csv")
            #expect(summary.exitCode == 0)
            #expect(summary.rows == total)
            let rows = try readCSV(sandbox.path("referrals.csv"))
            #expect(Set(rows.map { $0["uuid"]! }).count == total)
            #expect(Set(rows.map { $0["status"]! }) == Set(ReferralStatus.all))
            let inProgress = try await sandbox.export(.referrals, to: "in-progress.csv") { $0.status = "in_progress" }
            #expect(inProgress.rows == rows.filter { $0["status"] == "in_progress" }.count && inProgress.rows > 0)
        }
    }

    @Test func theNextIncrementalRunHoldsExactlyTheContactsCreatedSince() async throws {
        try await JobsHarness.with({
            $0.seedContacts = 3_000
            $0.latencyMilliseconds = 2
        }) { sandbox in
            let client = LeatClient(configuration: try LeatConfiguration(baseURL: sandbox.sandbox.leatBaseURL, token: "sandbox-token"))
            let state = sandbox.path("nightly.state.json")
            // Contacts are created while the first run goes on.
            async let created: Void = {
                for index in 0..<150 { _ = try await client.findOrCreate(email: "new\(index)@example.com") }
            }()
            let first = try await sandbox.export(.contacts, to: "night1.csv") {
                $0.statePath = state
                $0.concurrency = 2
            }
            try await created
            try await client.shutdown()
            let second = try await sandbox.export(.contacts, to: "night2.csv") { $0.statePath = state }
            let third = try await sandbox.export(.contacts, to: "night3.csv") { $0.statePath = state }

            let night1 = Set(try readCSV(sandbox.path("night1.csv")).map { $0["uuid"]! })
            let night2 = Set(try readCSV(sandbox.path("night2.csv")).map { $0["uuid"]! })
            let all = Set(try await sandbox.contactRecords().keys)
            #expect(first.rows >= 3_000 && first.rows < 3_150)
            #expect(night1.isDisjoint(with: night2))
            #expect(night1.union(night2) == all)
            #expect(second.rows == 3_150 - first.rows)
            #expect(third.rows == 0 && (third.export?.duplicates ?? 0) > 0)
        }
    }

    @Test func aPageThatKeepsFailingLeavesTheEarlierFileUntouchedAndExits3() async throws {
        try await JobsHarness.with({
            $0.seedContacts = 2_000
            $0.failRate = 0.3
            $0.seed = 5
        }) { sandbox in
            let earlier = try sandbox.write("contacts.csv", "the earlier export\n")
            let summary = try await sandbox.export(.contacts, to: "contacts.csv") {
                $0.retry = RetryPolicy(maxAttempts: 1)
                $0.concurrency = 4
            }
            #expect(summary.exitCode == 3)
            #expect(summary.stopped?.contains("page") == true)
            #expect(try String(contentsOfFile: earlier, encoding: .utf8) == "the earlier export\n")
            #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.folder.path) == ["contacts.csv"])
        }
    }

    @Test func cellsAreExcelSafeAndComeBackUnchangedWhenReadAgain() async throws {
        try await JobsHarness.with { sandbox in
            let client = LeatClient(configuration: try LeatConfiguration(baseURL: sandbox.sandbox.leatBaseURL, token: "sandbox-token"))
            let values = [
                "firstname": "=SUM(A1)", "lastname": "@x", "phonenumber": "+31612345678", "city": "-12.5", "address": "-dash text",
            ]
            let uuid = try await client.findOrCreate(email: "excel@example.com").value
            _ = try await client.update(uuid: uuid, attributes: values.map { ($0.key, $0.value) })
            try await client.shutdown()

            _ = try await sandbox.export(.contacts, to: "excel.csv") { $0.columns = ["email"] + values.keys.sorted() }
            let text = try String(contentsOfFile: sandbox.path("excel.csv"), encoding: .utf8)
            #expect(text.contains("'=SUM(A1)") && text.contains("'@x") && text.contains("'-dash text"))
            #expect(text.contains("+31612345678") && !text.contains("'+31612345678"))
            #expect(text.contains("-12.5") && !text.contains("'-12.5"))

            // Read back as an import reads it: the same values.
            var options = ReadOptions()
            options.delimiter = UInt8(ascii: ",")
            let reader = try CSVReader(path: sandbox.path("excel.csv"), options: options)
            let mapping = try ColumnMapping(columns: reader.columns, options: MappingOptions(), requireEmail: true)
            let row = try #require(try reader.next())
            let mapped = mapping.map(row)
            #expect(Dictionary(uniqueKeysWithValues: mapped.attributes.map { ($0.name, $0.value) }) == values)
            var check = CheckOptions()
            check.reportPath = sandbox.path("excel.check.csv")
            let checked = try await CheckJob.run(input: sandbox.path("excel.csv"), options: check)
            #expect(checked.count(.valid) == 1 && checked.failed == 0)

            _ = try await sandbox.export(.contacts, to: "plain.csv") {
                $0.columns = ["email", "firstname"]
                $0.csv = CSVFormat(delimiter: UInt8(ascii: ";"), byteOrderMark: true, excelSafe: false)
            }
            let plain = try Data(contentsOf: URL(fileURLWithPath: sandbox.path("plain.csv")))
            #expect(plain.starts(with: [0xEF, 0xBB, 0xBF]))
            #expect(String(decoding: plain.dropFirst(3), as: UTF8.self) == "email;firstname\r\nexcel@example.com;=SUM(A1)\r\n")
        }
    }

    @Test func aKeyFirstSeenAfterPageOneIsSaidInCSVAndKeptInNDJSON() async throws {
        try await JobsHarness.with({
            $0.seedContacts = 150
            $0.attributes = [SandboxAttribute(name: "shoe_size", type: "number")]
        }) { sandbox in
            let client = LeatClient(configuration: try LeatConfiguration(baseURL: sandbox.sandbox.leatBaseURL, token: "sandbox-token"))
            let uuid = try await client.findOrCreate(email: "late@example.com").value
            _ = try await client.update(uuid: uuid, attributes: [("shoe_size", "43")])
            try await client.shutdown()

            let csv = try await sandbox.export(.contacts, to: "late.csv")
            #expect(csv.warnings.count == 1 && csv.warnings.first?.contains("'shoe_size'") == true)
            let ndjson = try await sandbox.export(.contacts, to: "late.ndjson") { $0.format = .ndjson }
            #expect(ndjson.warnings.isEmpty)
            let text = try String(contentsOfFile: sandbox.path("late.ndjson"), encoding: .utf8)
            #expect(text.split(separator: "\n").filter { $0.contains("\"shoe_size\":\"43\"") }.count == 1)
        }
    }

    @Test func anUnknownColumnIsAUsageErrorNamingTheColumns() async throws {
        try await JobsHarness.with({ $0.seedContacts = 10 }) { sandbox in
            let error = await #expect(throws: ExportUsageError.self) {
                try await sandbox.export(.contacts, to: "x.csv") { $0.columns = ["uuid", "nope"] }
            }
            #expect(error?.message.contains("'nope'") == true && error?.message.contains("firstname") == true)
            #expect(!FileManager.default.fileExists(atPath: sandbox.path("x.csv")))
        }
    }
}
