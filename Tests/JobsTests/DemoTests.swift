import Foundation
import Testing

/// `make demo`'s script, end to end with the built binaries: the README's first command.
@Suite(.timeLimit(.minutes(5))) struct DemoTests {
    @Test func theDemoImportsInvitesAndExports() async throws {
        let root = FileManager.default.currentDirectoryPath
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["examples/demo.sh"]
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        process.environment = [
            "PATH": "/usr/bin:/bin", "BIN": root + "/.build/debug/loyalty-batch",
            "SANDBOX": root + "/.build/debug/loyalty-sandbox", "OUT": out,
        ]
        // Into a file, not a pipe: waiting on a pipe would hold a thread of the pool the other tests need.
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: out + "/demo.log", contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: out + "/demo.log"))
        process.standardOutput = log
        process.standardError = log
        try process.run()
        await CrashResumeTests.exit(of: process)
        try log.close()
        let text = try String(contentsOfFile: out + "/demo.log", encoding: .utf8)
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("import contacts: 6 rows done") && text.contains("invite referrals: 11 rows done"))
        #expect(text.contains("export contacts: 3 rows from 1 page"))
        let exported = try readCSV(out + "/contacts-export.csv")
        #expect(Set(exported.map { $0["email"]! }) == ["anne.jansen@example.nl", "joost.mulder@example.com", "rené.dubois@example.be"])
        #expect(try ReportFile(path: out + "/referrals.report.csv").count(action: "invited") == 5)
    }
}
