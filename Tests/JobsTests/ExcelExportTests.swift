import BatchKit
import Foundation
import FuzzSupport
import Testing

@testable import Jobs

/// `export --format xlsx`: a workbook openpyxl reads back with its types, and that imports into a
/// fresh account as it was.
struct ExcelExportTests {
    /// What openpyxl (Debian's python3-openpyxl, or pip's) reads from `path`: the sheet's frozen
    /// cell, autofilter, whether the header is bold, and each row's cells as [type, text].
    private static func openpyxl(_ path: String) throws -> [String: Any] {
        let script = """
            import json, sys, openpyxl
            sheet = openpyxl.load_workbook(sys.argv[1]).active
            rows = [[[type(c.value).__name__, "" if c.value is None else str(c.value)] for c in row] for row in sheet.iter_rows()]
            print(json.dumps({"title": sheet.title, "freeze": sheet.freeze_panes, "filter": sheet.auto_filter.ref,
                              "bold": all(c.font.b for c in sheet[1]), "rows": rows}))
            """
        let (status, data) = try PythonScript.run(script, path: path)
        #expect(status == 0, "python3 with openpyxl (make deps installs python3-openpyxl)")
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    @Test func anExportedWorkbookReadsBackWithItsTypes() async throws {
        try await JobsHarness.with({ $0.seedContacts = 50 }) { sandbox in
            let summary = try await sandbox.export(.contacts, to: "contacts.xlsx") {
                $0.columns = ["uuid", "email", "city", "created_at", "loyalty_balance", "referral_code"]
                $0.format = .xlsx
            }
            #expect(summary.rows == 50 && summary.stopped == nil)
            let book = try Self.openpyxl(sandbox.path("contacts.xlsx"))
            #expect(book["title"] as? String == "contacts")
            #expect(book["freeze"] as? String == "A2" && book["filter"] as? String == "A1:F51" && book["bold"] as? Bool == true)
            let rows = book["rows"] as? [[[String]]] ?? []
            #expect(rows.first?.map { $0[1] } == ["uuid", "email", "city", "created_at", "loyalty_balance", "referral_code"])
            let records = try await sandbox.contactRecords()
            for row in rows.dropFirst() {
                let record = try #require(records[row[0][1]], "\(row)")
                #expect(row[1] == ["str", record["email"] as? String ?? ""])
                #expect(row[3][0] == "datetime", "created_at is an Excel date")
                let created = (record["created_at"] as? String ?? "").prefix(19).replacingOccurrences(of: "T", with: " ")
                #expect(row[3][1] == created)
                #expect(row[4][0] == "int", "the API's number is a number: \(row[4])")
                #expect(row[5][0] == "str", "a referral code stays text")
            }
            #expect(rows.count == 51)
        }
    }

    @Test func aWorkbookExportImportsIntoAFreshAccountAsItWas() async throws {
        let columns = ["email", "firstname", "lastname", "city", "birthdate"]
        try await JobsHarness.with({ $0.seedContacts = 300 }) { source in
            // Seeded contacts have no birthdate: give twenty one, so that dates make the trip.
            let emails = try await source.contacts().keys.sorted().prefix(20)
            let dated = try source.write(
                "dated.csv", "email,birthdate\n" + emails.enumerated().map { "\($1),19\(70 + $0)-0\($0 % 9 + 1)-1\($0 % 10)\n" }.joined())
            #expect(try await source.importContacts(dated).ok == 20)
            _ = try await source.export(.contacts, to: "contacts.xlsx") {
                $0.columns = columns
                $0.format = .xlsx
            }
            let before = try await source.contacts().mapValues { $0.filter { columns.contains($0.key) } }
            #expect(before.values.contains { $0["birthdate"] != nil }, "some dates make the trip")
            try await JobsHarness.with { target in
                let input = target.path("contacts.xlsx")
                try FileManager.default.copyItem(atPath: source.path("contacts.xlsx"), toPath: input)
                let summary = try await target.importContacts(input)
                #expect(summary.ok == 300 && summary.failed == 0, "\(summary.errors)")
                #expect(try await target.contacts() == before)
            }
        }
    }

    @Test func aWorkbookIsAFileNotAStream() async throws {
        try await JobsHarness.with({ $0.seedContacts = 5 }) { sandbox in
            _ = await #expect(throws: ExportUsageError.self) {
                _ = try await sandbox.export(.contacts, to: "x") {
                    $0.output = "-"
                    $0.format = .xlsx
                }
            }
        }
    }
}
