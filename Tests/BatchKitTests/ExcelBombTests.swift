import BatchKit
import Foundation
import FuzzSupport
import Jobs
import Testing
import TextFormats

/// Workbooks that inflate far beyond their size (built here, never committed) stop the reading
/// with a clear error, at the limits of ``ReadOptions``, instead of taking all the memory.
@Suite(.timeLimit(.minutes(5))) struct ExcelBombTests {
    static func path(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("bomb-\(UUID().uuidString)-\(name).xlsx").path
    }

    /// The rows of `path` read with `options` until the end, or the error that stopped them.
    static func readAll(_ path: String, _ options: ReadOptions = ReadOptions()) -> (rows: Int, error: InputError?) {
        var rows = 0
        do {
            let reader = try ExcelReader(path: path, options: options)
            while try reader.next() != nil { rows += 1 }
            return (rows, nil)
        } catch {
            return (rows, error)
        }
    }

    @Test func aCellOfSixtyFourMegabytesStopsTheReadingAtTheFieldLimit() throws {
        let path = Self.path("cell")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try WorkbookBomb.oneHugeCell(path, megabytes: 64)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? .max < 1 << 20, "a bomb: small on disk")
        let (rows, error) = Self.readAll(path)
        #expect(rows == 0)
        #expect(
            error?.message.contains("cell A2 holds more than 1048576 bytes (\(Setting.maxFieldBytes.mention()))") == true,
            "\(String(describing: error))")
    }

    @Test func sharedStringsOverTheirLimitAreNotRead() throws {
        let path = Self.path("strings")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try WorkbookBomb.endlessSharedStrings(path, count: 4_096)
        var options = ReadOptions()
        options.maxSharedStringBytes = 2 << 20
        let (_, error) = Self.readAll(path, options)
        #expect(
            error?.message.contains("its shared strings (the text of its cells) are over 2 MB (\(Setting.maxSharedStringsMB.mention()))")
                == true,
            "\(String(describing: error))")
        // Under the limit, the same workbook reads.
        options.maxSharedStringBytes = 8 << 20
        #expect(Self.readAll(path, options) == (1, nil))
    }

    @Test func aPartThatUnpacksPastItsLimitStopsTheReading() throws {
        let path = Self.path("rows")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try WorkbookBomb.endlessRows(path, count: 100_000)
        var options = ReadOptions()
        options.maxInflatedBytes = 1 << 20
        let (rows, error) = Self.readAll(path, options)
        #expect(rows < 100_000)
        #expect(
            error?.message.contains("its part xl/worksheets/sheet1.xml unpacks to more than 1 MB (\(Setting.maxInflatedMB.mention()))")
                == true,
            "\(String(describing: error))")
        options.maxInflatedBytes = 64 << 20
        #expect(Self.readAll(path, options) == (100_000, nil))
    }

    @Test func aCheckStoppedPartwayReportsEveryRowReadBeforeTheStop() async throws {
        let path = Self.path("partway")
        defer { try? FileManager.default.removeItem(atPath: path) }
        // 1,000 rows, then one whose cell is over the field limit: reading stops after it (line 1,002).
        let big = #"<row><c t="inlineStr"><is><t>"# + String(repeating: "x", count: 200) + "</t></is></c></row>"
        try WorkbookBomb.write(
            path,
            sheet: WorkbookBomb.sheet(
                head: "", unit: #"<row><c t="inlineStr"><is><t>a@example.nl</t></is></c></row>"#, repeats: 1_000, tail: big))
        var options = CheckOptions()
        options.read.maxFieldBytes = 100
        options.reportPath = path + ".report.csv"
        defer { try? FileManager.default.removeItem(atPath: path + ".report.csv") }
        let (rows, error) = Self.readAll(path, options.read)
        #expect(rows == 1_001 && error?.message.contains("cell A1002") == true)
        await #expect(throws: InputError.self) { try await CheckJob.run(input: path, options: options) }
        // Rows are handed over in chunks: the rows of the chunk the stop ends are reported too.
        let report = try String(contentsOfFile: options.reportPath!, encoding: .utf8).split(separator: "\r\n")
        #expect(report.count == 1 + 1_001)
        #expect(report.dropFirst(1_000).map { $0.prefix(31) } == ["1001,a@example.nl,valid,ok,,,,0", "1002,xxxxxxxxxxxxxxxxxxxxxxxxxx"])
    }

    @Test func checkSaysWhyAWorkbookBombIsNotRead() async throws {
        let path = Self.path("check")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try WorkbookBomb.oneHugeCell(path, megabytes: 8)
        var options = CheckOptions()
        options.reportPath = path + ".report.csv"
        defer { try? FileManager.default.removeItem(atPath: path + ".report.csv") }
        await #expect(throws: InputError.self) { try await CheckJob.run(input: path, options: options) }
    }
}
