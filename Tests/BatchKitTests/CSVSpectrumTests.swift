import BatchKit
import Foundation
import Testing

/// Every case of the csv-spectrum acid test parses exactly to its JSON.
@Suite struct CSVSpectrumTests {
    static let folder = TestSupport.sharedTestData.appendingPathComponent("csv-spectrum")

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

        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: csv)))
        if name.hasSuffix("_crlf") && !bytes.contains(0x0D) {
            // The shared copy of the *_crlf cases lost its CRs (their JSON still expects "\r\n" in
            // quoted fields): put them back, so that the case tests what it is named for.
            bytes = bytes.flatMap { $0 == 0x0A ? [0x0D, 0x0A] : [$0] }
        }
        let (columns, rows, _) = try TestSupport.readAll(TestSupport.temporaryFile(bytes))
        let actual = rows.map { row in
            Dictionary(uniqueKeysWithValues: zip(columns, row.values))
        }
        #expect(actual == expected)
        #expect(rows.allSatisfy { $0.problem == nil })
    }
}
