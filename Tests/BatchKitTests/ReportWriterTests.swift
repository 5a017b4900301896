import BatchKit
import Foundation
import Testing

/// The report is a file format people script against: its lines are the same bytes whichever way
/// they are written.
@Suite(.timeLimit(.minutes(1))) struct ReportWriterTests {
    @Test func aQuietLineIsTheLineWriteWritesForIt() throws {
        let folder = TestSupport.temporaryFolder()
        let (general, quiet) = (folder.appendingPathComponent("general.csv").path, folder.appendingPathComponent("quiet.csv").path)
        let (generalReport, quietReport) = (try ReportWriter(path: general), try ReportWriter(path: quiet))
        // Plain, to be quoted, with a line break, formula-like, empty; and the actions a quiet row has.
        let keys = ["ann@example.com", "a,b@example.com", "line\nbreak@example.com", "=1+2", "-x@example.com", ""]
        for (index, key) in keys.enumerated() {
            for action in [RowAction.valid, .skipped, .wouldCreate, .unchanged] {
                try generalReport.write(ReportLine(line: index + 2, key: key, action: action, ok: true))
                try quietReport.writeQuiet(line: index + 2, key: key, action: action)
            }
        }
        try generalReport.sync()
        try quietReport.sync()
        let written = try String(contentsOfFile: quiet, encoding: .utf8)
        #expect(try String(contentsOfFile: general, encoding: .utf8) == written)
        #expect(written.contains("3,\"a,b@example.com\",valid,ok,,,,0,,0\r\n"))
        #expect(written.contains("4,line break@example.com,skipped,ok,,,,0,,0\r\n"))
    }
}
