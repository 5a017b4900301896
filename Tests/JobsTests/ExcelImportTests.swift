import BatchKit
import Foundation
@testable import Jobs
import Testing

/// `import contacts` of an `.xlsx` workbook (openpyxl's, from the BatchKit fixtures) into the sandbox.
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

            let bytes = try Data(contentsOf: URL(fileURLWithPath: input + ".failed.csv"))
            #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]), "a BOM: Excel opens it as UTF-8")
            let failed = String(decoding: bytes.dropFirst(3), as: UTF8.self)
            #expect(failed.hasPrefix("E-mailadres,Voornaam,Telefoon,Geboortedatum,Punten,Actief,Notitie,error_code,error_message"))
            #expect(failed.contains("cor@example.nl,Cor,,,-7,,,cell-error,cell G4 holds the error #N/A"))
            #expect(summary.warnings.contains { $0.hasPrefix("column 'Telefoon' (→ phonenumber, phone) held numbers in the workbook") }, "\(summary.warnings)")
        }
    }
}
