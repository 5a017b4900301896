import AsyncHTTPClient
import Foundation
import NIOCore
import Testing

/// `loyalty-batch serve --sandbox`, the built binary, as a marketer's browser meets it.
@Suite struct ServeCommandTests {
    static let binary = FileManager.default.currentDirectoryPath + "/.build/debug/loyalty-batch"

    @Test func theDeskListensServesItsPageAndStopsOnSIGTERM() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = FileManager.default.createFile(atPath: folder + "/log", contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: folder + "/log"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["serve", "--sandbox", "--port", "0", "--data-dir", folder + "/data"]
        process.environment = ["PATH": "/usr/bin:/bin"]
        process.standardOutput = log
        process.standardError = log
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        var url: String?
        for _ in 0..<300 where url == nil {
            try await Task.sleep(for: .milliseconds(100))
            let text = try String(contentsOfFile: folder + "/log", encoding: .utf8)
            url = text.split(separator: "\n").first { $0.hasPrefix("desk: http://") }.map { String($0.dropFirst(6).split(separator: " ")[0]) }
        }
        let address = try #require(url, "the desk did not say where it listens")
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: address), timeout: .seconds(10))
        let page = String(buffer: try await response.body.collect(upTo: 1 << 20))
        #expect(response.status == .ok && page.contains("<input type=\"file\" name=\"file\""))
        process.terminate()
        while process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
        try log.close()
        let said = try String(contentsOfFile: folder + "/log", encoding: .utf8)
        #expect(process.terminationStatus == 0, "\(said)")
        #expect(FileManager.default.fileExists(atPath: folder + "/data/jobs"))
    }

    @Test func anyHostButThisMachineIsRefused() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["serve", "--host", "0.0.0.0"]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        #expect(text.contains("listens on this machine only"))
    }
}
