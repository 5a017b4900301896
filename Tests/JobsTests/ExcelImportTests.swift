import BatchKit
import Foundation
import Testing

@testable import Jobs

/// `import contacts` and `invite referrals` of `.xlsx` workbooks (openpyxl's, from the BatchKit
/// fixtures) against the sandbox.
struct ExcelImportTests {
    /// A copy of a workbook fixture in the test's folder, where the report and failed rows go.
    private static func workbook(_ name: String, into sandbox: JobsHarness) throws -> String {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("BatchKitTests/Fixtures/excel/\(name)")
        let copy = sandbox.path(name)
        try FileManager.default.copyItem(atPath: fixture.path, toPath: copy)
        return copy
    }

    @Test func aWorkbookImportsWithExcelRowNumbersAndItsRowsToFix() async throws {
        try await JobsHarness.with { sandbox in
            let input = try Self.workbook("openpyxl.xlsx", into: sandbox)
            let summary = try await sandbox.importContacts(input) {
                $0.mapping.renames = [("E-mailadres", "email"), ("Voornaam", "firstname"), ("Telefoon", "phonenumber")]
                $0.mapping.unmapped = .ignore
            }
            #expect(summary.ok == 4 && summary.failed == 2, "\(summary.actions) \(summary.errors)")
            let store = try await sandbox.contacts()
            #expect(store["anne@example.nl"] == ["firstname": "Anne", "phonenumber": "31612345678"])
            #expect(store["bram@example.nl"] == ["firstname": "Bold and plain", "phonenumber": "0612345678"])
            #expect(store["cor@example.nl"] == nil, "its row holds an error value")

            let report = try ReportFile(path: summary.report)
            #expect(report.row(4)?["error_code"] == "cell-error")
            #expect(report.row(8)?["error_code"] == "field-count")
            #expect(report.row(6)?["status"] == "ok" && report.row(7)?["status"] == "ok")

            // The rows to fix are a workbook with the input's columns, which imports as it is.
            let toFix = try ExcelReader(path: input + ".failed.xlsx")
            #expect(
                toFix.columns == [
                    "E-mailadres", "Voornaam", "Telefoon", "Geboortedatum", "Punten", "Actief", "Notitie", "error_code", "error_message",
                ])
            let first = try #require(try toFix.next())
            #expect(Array(first.values.prefix(8)) == ["cor@example.nl", "Cor", "", "", "-7", "", "", "cell-error"])
            #expect(first.values[8].hasPrefix("cell G4 holds the error #N/A"))
            #expect(try toFix.next()?.values.first == "fem@example.nl")
            #expect(try toFix.next() == nil)
            let again = try await sandbox.importContacts(input + ".failed.xlsx") {
                $0.mapping.renames = [("E-mailadres", "email"), ("Voornaam", "firstname")]
                $0.mapping.unmapped = .ignore
            }
            #expect(again.ok == 2 && again.failed == 0, "\(again.errors)")
            #expect(try await sandbox.contacts()["cor@example.nl"] == ["firstname": "Cor"])
            #expect(
                summary.warnings.contains { $0.hasPrefix("column 'Telefoon' (→ phonenumber, phone) held numbers in the workbook") },
                "\(summary.warnings)")
        }
    }

    @Test func invitesFromAWorkbookWithMobilesTypedAsNumbers() async throws {
        try await JobsHarness.with({ $0.seedCustomers = 10 }) { sandbox in
            let input = try Self.workbook("referrals.xlsx", into: sandbox)
            let summary = try await sandbox.inviteReferrals(input)
            let report = try ReportFile(path: summary.report)
            var outcome: [Int: String] = [:]
            for line in report.all { outcome[Int(line["line"]!)!] = line["action"]! + " " + line["error_code"]! }
            #expect(outcome == [2: "invited ", 3: "invited ", 4: "invited ", 5: "failed 1701"])
            #expect(
                try await sandbox.invites() == [
                    "mobile:9190000000001|31612345678": 1, "mobile:9190000000001|pieter@example.nl": 1,
                    "email:customer2@example.com|31611112222": 1,
                ])
            #expect(FileManager.default.fileExists(atPath: input + ".failed.xlsx"))
        }
    }
}
