import BatchKit
import Foundation
import LeatAPI
import Testing
import TextFormats

@testable import Jobs

/// `--changed-only`: a re-import costs requests only for what changed.
@Suite(.timeLimit(.minutes(5))) struct ChangedOnlyTests {
    /// The sandbox's contacts as a file would have them: email → firstname, lastname, city.
    private static func seeded(_ sandbox: JobsHarness) async throws -> [(email: String, values: [String: String])] {
        try await sandbox.contactRecords().values.map { record in
            (record["email"] as? String ?? "", record["attributes"] as? [String: String] ?? [:])
        }.sorted { $0.email < $1.email }
    }

    private static func csv(_ rows: [(email: String, values: [String: String])]) -> String {
        "email,firstname,lastname,city\n"
            + rows.map { "\($0.email),\($0.values["firstname"] ?? ""),\($0.values["lastname"] ?? ""),\($0.values["city"] ?? "")\n" }
            .joined()
    }

    @Test func aReimportSendsOnlyWhatChanged() async throws {
        try await JobsHarness.with({ $0.seedContacts = 5_000 }) { sandbox in
            var rows = try await Self.seeded(sandbox)
            #expect(rows.count == 5_000)
            let wasCity = rows[0].values["city"] ?? ""
            let uuids = try await sandbox.contactRecords().reduce(into: [String: String]()) {
                $0[$1.value["email"] as? String ?? ""] = $1.key
            }
            for index in stride(from: 0, to: 5_000, by: 100) { rows[index].values["city"] = "Amersfoort \(index)" }
            for index in 0..<25 { rows.append(("new\(index)@example.com", ["firstname": "New", "lastname": "Person", "city": "Zwolle"])) }
            let input = try sandbox.write("all.csv", Self.csv(rows))
            let report = sandbox.path("all.report.csv")

            let summary = try await sandbox.importContacts(input) {
                $0.changedOnly = .on
                $0.run.reportPath = report
            }
            #expect(summary.actions == ["unchanged": 4_950, "updated": 50, "created": 25])
            #expect(try await sandbox.requests("GET /api/v3/oauth/clients/contacts/find-or-create/async") == 0)
            #expect(try await sandbox.requests("PUT /api/v3/oauth/clients/contacts/{uuid}") == 75)
            #expect(try await sandbox.requests("GET /api/v3/oauth/clients/contacts") == 50)
            // One for the attributes, 50 pages, 50 PUTs, 25 creates with their PUTs.
            #expect(summary.requests == 1 + 50 + 50 + 2 * 25)
            let lines = try ReportFile(path: report)
            #expect(lines.row(2)?["error_message"] == "changes city: '\(wasCity)' → 'Amersfoort 0'", "\(lines.row(2) ?? [:])")
            #expect(lines.row(2)?["requests"] == "1")
            #expect(lines.row(3)?["attempts"] == "0" && lines.row(3)?["requests"] == "0")
            #expect(lines.row(3)?["uuid"] == uuids[rows[1].email])
            #expect(lines.row(5_002)?["action"] == "created" && lines.row(5_002)?["requests"] == "2")

            let store = try await sandbox.contacts()
            #expect(store.count == 5_025)
            for row in rows { #expect(store[row.email] == row.values, "\(row.email)") }
        }
    }

    @Test func aDryRunCostsOnlyThePages() async throws {
        try await JobsHarness.with({ $0.seedContacts = 1_000 }) { sandbox in
            var rows = try await Self.seeded(sandbox)
            rows[7].values["firstname"] = "Kees"
            rows.append(("new@example.com", ["firstname": "New"]))
            let input = try sandbox.write("all.csv", Self.csv(rows))
            let summary = try await sandbox.importContacts(input) {
                $0.changedOnly = .on
                $0.run.dryRun = true
            }
            #expect(summary.actions == ["unchanged": 999, "would-update": 1, "would-create": 1])
            #expect(try await sandbox.requests("GET /api/v3/oauth/clients/contacts/find-one-by") == 0)
            #expect(summary.requests == 1 + 10)
            #expect(try await sandbox.contacts()["new@example.com"] == nil)
        }
    }

    @Test func autoListsOnlyWhenThatCostsFewerRequests() async throws {
        try await JobsHarness.with({ $0.seedContacts = 3_000 }) { sandbox in
            let rows = try await Self.seeded(sandbox)
            let few = try sandbox.write("few.csv", Self.csv(Array(rows.prefix(3))))
            let byRow = try await sandbox.importContacts(few) { $0.changedOnly = .auto }
            #expect(
                byRow.notes.last?.hasPrefix(
                    "\(Setting.changedOnly.mention("auto")) went row by row: listing 3000 contacts costs 30 requests") == true,
                "\(byRow.notes)")
            #expect(byRow.actions == ["updated": 3])

            let all = try sandbox.write("all.csv", Self.csv(rows))
            let listed = try await sandbox.importContacts(all) { $0.changedOnly = .auto }
            #expect(
                listed.notes.last?.hasPrefix("\(Setting.changedOnly.mention("auto")) listed the account's contacts first") == true,
                "\(listed.notes)")
            // The three the first import wrote may be too fresh for the listing's word: then they go the full way.
            #expect(listed.ok == 3_000 && listed.actions["unchanged", default: 0] >= 2_997 && listed.actions["updated", default: 0] <= 3)
        }
    }

    @Test func aContactChangedSinceTheListingBeganIsLeftOutOfIt() async throws {
        try await JobsHarness.with({ $0.seedContacts = 200 }) { sandbox in
            let rows = try await Self.seeded(sandbox)
            let client = LeatClient(configuration: try LeatConfiguration(baseURL: sandbox.sandbox.leatBaseURL, token: "sandbox-token"))
            let result: Result<ContactListing.Decision, any Error>
            do {
                // A listing that began 10 s ago, and someone changing a contact meanwhile.
                let uuid = try await client.findOrCreate(email: rows[0].email).value
                _ = try await client.update(uuid: uuid, attributes: [("city", "Elsewhere")])
                let runner = RequestRunner(limiter: RateLimiter(mode: .unlimited), policy: RetryPolicy(), control: RunControl())
                result = .success(
                    try await ContactListing(client: client, runner: runner, control: RunControl(), concurrency: 4)
                        .decide(
                            .on, estimatedRows: nil, requestsPerRow: 2, attributes: [("city", "text")],
                            startedAt: Date().addingTimeInterval(-10)))
            } catch {
                result = .failure(error)
            }
            try await client.shutdown()
            let index = try #require(try result.get().index)
            #expect(index.count == 199)
            #expect(index.find(rows[0].email) == nil, "its row goes the full way")
            let listed = try #require(index.find(rows[1].email))
            #expect(index.changes(at: listed.position, [Attribute(name: "city", value: rows[1].values["city"] ?? "")]).isEmpty)
            #expect(index.changes(at: listed.position, [Attribute(name: "city", value: "Elsewhere")]).count == 1)
            let record = try #require(index.records.read(listed.place, count: 1))
            #expect(record.values == [rows[1].values["city"] ?? ""])
            #expect(try await sandbox.contactRecords()[record.uuid.uuidString.lowercased()]?["email"] as? String == rows[1].email)
        }
    }

    @Test func aSecondRowForAContactComparesWithWhatTheFirstWrote() async throws {
        try await JobsHarness.with({ $0.seedContacts = 100 }) { sandbox in
            let rows = try await Self.seeded(sandbox)
            let was = rows[0].values["city"] ?? ""
            let input = try sandbox.write(
                "twice.csv", "email,city\n\(rows[0].email),Delft\n\(rows[0].email),Gouda\n\(rows[0].email),Gouda\n")
            let report = sandbox.path("twice.report.csv")
            let summary = try await sandbox.importContacts(input) {
                $0.changedOnly = .on
                $0.run.reportPath = report
            }
            #expect(summary.actions == ["updated": 2, "unchanged": 1], "\(summary.actions)")
            let lines = try ReportFile(path: report)
            #expect(lines.row(2)?["error_message"] == "changes city: '\(was)' → 'Delft'")
            #expect(lines.row(3)?["error_message"] == "changes city: 'Delft' → 'Gouda'")
            #expect(lines.row(4)?["requests"] == "0")
            #expect(try await sandbox.contacts()[rows[0].email]?["city"] == "Gouda")

            // A contact the run creates is compared with, too: its second row costs one PUT, its third none.
            let new = try sandbox.write("new.csv", "email,city\nnew@example.com,Delft\nnew@example.com,Gouda\nnew@example.com,Gouda\n")
            let again = sandbox.path("new.report.csv")
            let created = try await sandbox.importContacts(new) {
                $0.changedOnly = .on
                $0.run.reportPath = again
            }
            #expect(created.actions == ["created": 1, "updated": 1, "unchanged": 1], "\(created.actions)")
            let newLines = try ReportFile(path: again)
            #expect(newLines.row(3)?["error_message"] == "changes city: 'Delft' → 'Gouda'" && newLines.row(3)?["requests"] == "1")
            #expect(newLines.row(4)?["requests"] == "0")
        }
    }

    @Test func listedRecordsReadBackFromTheBufferAndTheFile() throws {
        let records = try ListedRecords()
        let uuids = (0..<20_000).map { _ in UUID() }
        // 20,000 records of about 90 bytes pass the 1 MiB buffer: the first ones are read from the file.
        let places = try uuids.enumerated().map {
            try records.append(uuid: $1, values: ["Utrecht \($0)", String(repeating: "é", count: 30)])
        }
        for index in [0, 1, 11_000, 19_999] {
            let record = try #require(records.read(places[index], count: 2))
            #expect(record.uuid == uuids[index] && record.values == ["Utrecht \(index)", String(repeating: "é", count: 30)])
        }
        let long = try records.append(uuid: uuids[0], values: [String(repeating: "x", count: 10_000)])
        #expect(records.read(long, count: 1)?.values.first?.utf8.count == 4_096, "a value is kept to 4 KiB")
    }

    @Test func aRowsWriteLandsOnItsContactAfterTheTableGrew() throws {
        var index = ContactIndex(attributes: [("city", "text")], records: try ListedRecords())
        index.reserve(16)
        for number in 0..<16 { try index.add(email: "c\(number)@example.com", uuid: UUID(), values: ["city": "City \(number)"]) }
        // Contacts the run creates meanwhile grow the table: positions move.
        for number in 16..<200 { try index.add(email: "c\(number)@example.com", uuid: UUID(), values: ["city": "City \(number)"]) }
        let place = try index.records.append(uuid: UUID(), values: ["Gouda"])
        index.record([Attribute(name: "city", value: "Gouda")], email: "c3@example.com", record: place)
        let after = try #require(index.find("c3@example.com"))
        #expect(index.changes(at: after.position, [Attribute(name: "city", value: "Gouda")]).isEmpty)
        #expect(index.records.read(after.place, count: 1)?.values == ["Gouda"])
        for number in 0..<200 where number != 3 {
            let other = try #require(index.find("c\(number)@example.com"))
            #expect(index.changes(at: other.position, [Attribute(name: "city", value: "City \(number)")]).isEmpty)
            #expect(index.records.read(other.place, count: 1)?.values == ["City \(number)"])
        }
    }
}
