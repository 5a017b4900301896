import BatchKit
import Foundation
import Testing

@Suite struct CSVWriterTests {
    private func written(_ rows: [[String]], format: CSVFormat = CSVFormat()) throws -> (path: String, text: [UInt8]) {
        let path = TestSupport.temporaryFolder().appendingPathComponent("out.csv").path
        let writer = try CSVWriter(sink: FileSink(path: path), format: format)
        for row in rows { try writer.write(row) }
        try writer.flush()
        return (path, Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    @Test func quotesOnlyWhatNeedsIt() throws {
        let (_, bytes) = try written([["plain", "a,b", "say \"hi\"", "two\nlines", " padded", ""]])
        #expect(String(decoding: bytes, as: UTF8.self) == "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" padded\",\r\n")
    }

    @Test func roundTripsThroughTheReader() throws {
        let rows = [["email", "note", "city"], ["a@example.com", "x;y,\"z\"\r\nw", "Liège"], ["b@example.com", "", " "]]
        for delimiter in [",", ";", "\t", "|"].map({ UInt8(ascii: Unicode.Scalar($0)!) }) {
            let (path, _) = try written(rows, format: CSVFormat(delimiter: delimiter))
            let read = try TestSupport.readAll(path)
            #expect(read.columns == rows[0])
            #expect(read.rows.map(\.values) == Array(rows.dropFirst()))
        }
    }

    @Test func excelSafeNeutralisesFormulasButNotNumbers() throws {
        let cells = ["=SUM(A1)", "+31 6 1234 5678", "-12.5", "@x", "\tTab", "+31612345678", "-", "12", "a=b", "-1,5"]
        let (_, bytes) = try written([cells], format: CSVFormat(excelSafe: true))
        #expect(String(decoding: bytes, as: UTF8.self) == "'=SUM(A1),'+31 6 1234 5678,-12.5,'@x,'\tTab,+31612345678,'-,12,a=b,\"-1,5\"\r\n")
    }

    @Test func byteOrderMarkAndOwnerOnlyPermissions() throws {
        let (path, bytes) = try written([["a"]], format: CSVFormat(byteOrderMark: true))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
    }
}
