import BatchKit
import Foundation
import Testing

@Suite(.timeLimit(.minutes(5))) struct CSVWriterTests {
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

    @Test func theExcelSafePrefixGoesInsideTheQuotes() throws {
        let cells = ["@SUM(1,2)", "+31 6, mobile", "=A1\nB2", "-\"x\""]
        let (path, bytes) = try written([["a", "b", "c", "d"], cells], format: CSVFormat(excelSafe: true))
        #expect(String(decoding: bytes, as: UTF8.self).hasSuffix("\"'@SUM(1,2)\",\"'+31 6, mobile\",\"'=A1\nB2\",\"'-\"\"x\"\"\"\r\n"))
        let read = try TestSupport.readAll(path)
        #expect(read.rows.map(\.values) == [cells.map { "'" + $0 }])
        #expect(read.rows.map { $0.values.map { String(CSVWriter.unneutralised(Substring($0))) } } == [cells])
    }

    @Test func aReportRecordIsOneLineWhateverItsCells() throws {
        let path = TestSupport.temporaryFolder().appendingPathComponent("report.csv").path
        let report = try ReportWriter(path: path)
        try report.write(
            ReportLine(
                line: 2, key: "a@example.com", action: .failed, ok: false, errorCode: "1003",
                errorMessage: "bad\r\n3,x@example.com,updated,ok", uuid: "u\nu"))
        try report.write(ReportLine(line: 3, key: "b@example.com", action: .updated, ok: true))
        try report.flush()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.split(separator: "\r\n").count == 3)
        #expect(try TestSupport.reportRecords(path).map { $0[0] } == ["2", "3"])
        #expect(try TestSupport.reportRecords(path)[0][5] == "bad 3,x@example.com,updated,ok")
    }

    @Test func aRowWithNothingButItsKeyIsWrittenAsAnyOtherWhateverTheRowsBetween() throws {
        let path = TestSupport.temporaryFolder().appendingPathComponent("report.csv").path
        let report = try ReportWriter(path: path)
        try report.write(ReportLine(line: 2, key: "a@example.com", action: .valid, ok: true))
        try report.write(ReportLine(line: 3, key: "=b@example.com", action: .valid, ok: true, errorMessage: "the same email as line 2"))
        try report.write(ReportLine(line: 4, key: "c@example.com", action: .skipped, ok: true))
        try report.write(ReportLine(line: 5, key: "d, e", action: .valid, ok: true))
        try report.write(ReportLine(line: 6, key: "f@example.com", action: .created, ok: true, attempts: 1, requests: 1))
        try report.flush()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(
            text.split(separator: "\r\n").dropFirst() == [
                "2,a@example.com,valid,ok,,,,0,,0", "3,'=b@example.com,valid,ok,,the same email as line 2,,0,,0",
                "4,c@example.com,skipped,ok,,,,0,,0", "5,\"d, e\",valid,ok,,,,0,,0", "6,f@example.com,created,ok,,,,1,1,0",
            ])
    }

    @Test func byteOrderMarkAndOwnerOnlyPermissions() throws {
        let (path, bytes) = try written([["a"]], format: CSVFormat(byteOrderMark: true))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
    }
}
