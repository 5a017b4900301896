import BatchKit
import Foundation
import Testing

/// Every case of the csv-spectrum acid test (copied into `Fixtures/csv-spectrum` with its
/// BSD-2-Clause licence) parses exactly to its JSON.
@Suite(.timeLimit(.minutes(5))) struct CSVSpectrumTests {
    static let folder = URL(fileURLWithPath: TestSupport.fixture("csv-spectrum"))

    static var cases: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("csvs").path)) ?? []
        return names.filter { $0.hasSuffix(".csv") }.map { String($0.dropLast(4)) }.sorted()
    }

    @Test func theSuiteIsThere() {
        #expect(Self.cases.count >= 11, "csv-spectrum not found at \(Self.folder.path)")
    }

    @Test(arguments: cases)
    func parsesLikeItsJSON(name: String) throws {
        let csv = Self.folder.appendingPathComponent("csvs/\(name).csv").path
        let json = try Data(contentsOf: Self.folder.appendingPathComponent("json/\(name).json"))
        let expected = try #require(try JSONSerialization.jsonObject(with: json) as? [[String: String]])
        if name.hasSuffix("_crlf") {
            #expect(try Data(contentsOf: URL(fileURLWithPath: csv)).contains(0x0D), "\(name) should have CRLF line ends")
        }
        let (columns, rows, _) = try TestSupport.readAll(csv)
        let actual = rows.map { row in
            Dictionary(uniqueKeysWithValues: zip(columns, row.values))
        }
        #expect(actual == expected)
        #expect(rows.allSatisfy { $0.problem == nil })
    }
}
