import BatchKit
import Foundation
import FuzzSupport
import Jobs
import Testing
import ZIPFoundation

/// Workbooks whose worksheet XML is mutated (``Mutator``, seeded) through `check`: no crash, and
/// either the workbook is refused with an error or every row the reader gives gets exactly one
/// report line. `FUZZ_INPUTS` / 10 of them (CI: 1,000).
struct ExcelFuzzTests {
    /// A fixture's parts, by path, and the path of its first sheet.
    private static func parts(of name: String) throws -> (parts: [(String, Data)], sheet: String) {
        let archive = try Archive(url: URL(fileURLWithPath: TestSupport.fixture("excel/\(name)")), accessMode: .read)
        var parts: [(String, Data)] = []
        for entry in archive where entry.type == .file {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            parts.append((entry.path, data))
        }
        let sheet = parts.map(\.0).filter { $0.hasPrefix("xl/worksheets/sheet") }.sorted().first ?? ""
        return (parts, sheet)
    }

    /// Writes `parts` as a zip at `path`.
    private static func write(_ parts: [(String, Data)], to path: String) throws {
        try? FileManager.default.removeItem(atPath: path)
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        for (name, data) in parts {
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) {
                position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }

    @Test func mutatedWorksheetsAreReadOrRefusedNeverLost() async throws {
        let count = FuzzTests.inputs / 10
        let seeds = try ["minimal.xlsx", "libreoffice.xlsx", "referrals.xlsx"].map { (name: $0, book: try Self.parts(of: $0)) }
        var mutator = Mutator(seed: 3)
        let folder = TestSupport.temporaryFolder()
        let input = folder.appendingPathComponent("input.xlsx").path
        var withRows = 0
        for number in 0..<count {
            let seed = mutator.pick(seeds)
            let (parts, sheet) = seed.book
            let mutated = parts.map { name, data in (name, name == sheet ? Data(mutator.mutate(Array(data))) : data) }
            try Self.write(mutated, to: input)
            var options = CheckOptions()
            options.reportPath = folder.appendingPathComponent("report.csv").path
            if seed.name == "referrals.xlsx" { options.mapping.renames = [("referrer_mobile", "email")] }
            guard let rows = try await FuzzTests.checkAgrees(input, options: options, "input \(number)") else { continue }
            guard rows >= 0 else { return }
            if rows > 0 { withRows += 1 }
        }
        // XML is all or nothing: most mutations of markup make the sheet malformed, which stops the
        // file (after the rows before the fault). Enough must still reach the rows.
        #expect(withRows > count / 25, "many inputs must reach the rows, or the test tests little")
    }
}
