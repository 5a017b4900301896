import Foundation
import Testing

/// Outputs that are not plain new files: a FIFO, a file of someone else's with its own mode, a
/// disk that is full, the temporary file a killed export left. Run with the real binary.
@Suite(.timeLimit(.minutes(5))) struct OutputTargetsTests {
    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("targets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private func mode(_ path: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? -1
    }

    @Test func anExportToAFIFOIsAStreamAndTheFIFOStays() async throws {
        let folder = try folder()
        let fifo = folder.appendingPathComponent("pipe").path
        #expect(mkfifo(fifo, 0o644) == 0)
        let reader = Task.detached { try FileHandle(forReadingFrom: URL(fileURLWithPath: fifo)).readToEnd() ?? Data() }
        let (exitStatus, errors) = try await JobsHarness.runCLI(["export", "tiers", "-o", fifo, "--sandbox", "--quiet"], environment: [:])
        let text = String(decoding: try await reader.value, as: UTF8.self)
        #expect(exitStatus == 0, "\(errors)")
        #expect(text.hasPrefix("uuid,name,description,position"))
        #expect(text.contains("Gold"))
        var status = stat()
        #expect(stat(fifo, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO)
        #expect(try mode(fifo) == 0o644)
        #expect(!FileManager.default.fileExists(atPath: fifo + ".manifest.json"))
    }

    @Test func aFIFOAsTheFailedRowsFileIsNeverRemoved() async throws {
        let folder = try folder()
        let input = folder.appendingPathComponent("in.csv").path
        try "email\na@example.com\n".write(toFile: input, atomically: true, encoding: .utf8)
        let fifo = folder.appendingPathComponent("failed-pipe").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = Task.detached { try FileHandle(forReadingFrom: URL(fileURLWithPath: fifo)).readToEnd() ?? Data() }
        let (status, errors) = try await JobsHarness.runCLI(
            ["import", "contacts", input, "--sandbox", "--quiet", "--failed-rows", fifo],
            environment: [:])
        _ = try await reader.value
        #expect(status == 0, "\(errors)")
        var info = stat()
        #expect(stat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
    }

    @Test func anExistingReportKeepsItsMode() async throws {
        let folder = try folder()
        let input = folder.appendingPathComponent("in.csv").path
        try "email\na@example.com\n".write(toFile: input, atomically: true, encoding: .utf8)
        let report = folder.appendingPathComponent("shared-report.csv").path
        _ = FileManager.default.createFile(atPath: report, contents: Data("old".utf8), attributes: [.posixPermissions: 0o640])
        let (status, errors) = try await JobsHarness.runCLI(["check", input, "--report", report], environment: [:])
        #expect(status == 0, "\(errors)")
        #expect(try mode(report) == 0o640)
        #expect(try String(contentsOfFile: report, encoding: .utf8).hasPrefix("line,key,action"))
    }

    @Test func aSummaryThatCannotBeWrittenIsAnError() async throws {
        let folder = try folder()
        let input = folder.appendingPathComponent("in.csv").path
        try "email\na@example.com\n".write(toFile: input, atomically: true, encoding: .utf8)
        let before = try mode("/dev/full")
        let (status, errors) = try await JobsHarness.runCLI(
            ["import", "contacts", input, "--sandbox", "--quiet", "--summary-json", "/dev/full"],
            environment: [:])
        #expect(status == 3)
        #expect(errors.contains("/dev/full: cannot write: No space left on device"), "\(errors)")
        #expect(try mode("/dev/full") == before)
    }

    @Test func aKilledExportsTemporaryFileIsRemovedByTheNextRun() async throws {
        let folder = try folder()
        let output = folder.appendingPathComponent("tiers.csv").path
        // A process that has ended: its pid is no one's now.
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let stale = folder.appendingPathComponent(".tiers.csv.partial-\(gone.processIdentifier)").path
        let live = folder.appendingPathComponent(".tiers.csv.partial-\(getpid())").path
        for path in [stale, live] { _ = FileManager.default.createFile(atPath: path, contents: Data("half".utf8)) }
        let (status, errors) = try await JobsHarness.runCLI(["export", "tiers", "-o", output, "--sandbox", "--quiet"], environment: [:])
        #expect(status == 0, "\(errors)")
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: live))
        #expect(FileManager.default.fileExists(atPath: output))
    }
}
