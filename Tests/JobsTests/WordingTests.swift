import BatchKit
import Commands
import Foundation
import Jobs
import Testing
import TextFormats

/// The libraries point at settings; each front end says them its own way: the command line as
/// flags, the desk (and a library used on its own) in words.
@Suite(.timeLimit(.minutes(5))) struct WordingTests {
    static let duplicates = "email\na@example.com\nA@example.com\n"

    /// The check's duplicate row under the wording of the task that runs it.
    static func duplicateMessage() async throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wording-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("in.csv").path
        try duplicates.write(toFile: input, atomically: true, encoding: .utf8)
        var options = CheckOptions()
        options.mapping.duplicates = .fail
        options.reportPath = folder.appendingPathComponent("report.csv").path
        _ = try await CheckJob.run(input: input, options: options)
        return try String(contentsOfFile: options.reportPath!, encoding: .utf8)
    }

    @Test func theCommandLineSaysFlagsAndThePagesSayWords() async throws {
        let words = try await Self.duplicateMessage()
        #expect(words.contains("the rule for the same email twice: fail") && !words.contains("--"), "\(words)")
        let flags = try await Wording.$current.withValue(.commandLine) { try await Self.duplicateMessage() }
        #expect(flags.contains("(--on-duplicate fail)"), "\(flags)")
        #expect(Wording.commandLine.mention(.map, "E-mail=email") == "--map 'E-mail=email'")
        #expect(Wording.plain.mention(.map, "E-mail=email") == "the mapping: E-mail → email")
    }

    /// No string of the libraries names a command-line flag: they write ``Setting/mention(_:)``.
    @Test func noLibraryStringNamesAFlag() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var found: [String] = []
        for module in ["BatchKit", "HTTPKit", "LeatAPI", "CapillaryAPI", "Jobs", "TextFormats"] {
            let folder = root.appendingPathComponent("Sources/" + module)
            let files =
                FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
            #expect(!files.isEmpty, "\(module)")
            for file in files {
                let lines = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8).split(separator: "\n")
                for (number, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                    if line.range(of: #""[^"]*--[a-z]"#, options: .regularExpression) != nil {
                        found.append("\(module)/\(file):\(number + 1)")
                    }
                }
            }
        }
        #expect(found.isEmpty, "\(found)")
    }
}
