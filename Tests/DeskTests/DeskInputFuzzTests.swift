import Foundation
import FuzzSupport
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// No upload can crash the desk: ragged rows, empty files, a header alone, NUL bytes, stray
/// quotes, sparse and broken NDJSON, broken and bomb workbooks, and seeded mutations of them,
/// each taken through every page of the flow (upload, map, mapping, check). A crash would end
/// this test process; every answer must be a page (never a 5xx).
@Suite(.timeLimit(.minutes(5))) struct DeskInputFuzzTests {
    static let inputs: [(String, [UInt8])] = {
        let good = (0..<250).map { "row\($0)@example.nl,Name \($0)\n" }.joined()
        var inputs: [(String, String)] = [
            ("short.csv", "email,name\nx@y.nl\n"),
            ("long.csv", "email,name\na@example.nl,A,extra,more\n"),
            ("broken.ndjson", "{\"email\":\"a@b.nl\"}\n{broken\n"),
            ("sparse.ndjson", "{\"email\":\"a@b.nl\"}\n{\"name\":\"x\"}\n{\"email\":\"c@d.nl\",\"city\":\"Gouda\"}\n[1,2]\n"),
            ("empty.csv", ""),
            ("header.csv", "email,name\n"),
            ("nul.csv", "email,name\na@b.nl,x\u{0}y\n"),
            ("quotes.csv", "email,name\n\"a@b.nl\"x,\"y\nz@b.nl,\"\n"),
            ("header-quote.csv", "\"a\"b,c\n1,2\n"),
            ("late.csv", "email,name\n" + good + "short@example.nl\n" + good + "long@example.nl,a,b,c\n"),
            ("fake.xlsx", "PK\u{3}\u{4}not a zip at all"),
        ]
        inputs.append(("blank-lines.csv", "email,name\n\n\n,\n"))
        return inputs.map { ($0.0, Array($0.1.utf8)) }
    }()

    /// Takes `bytes` named `name` through upload, map page, mapping and check; the statuses seen.
    static func walk(_ desk: DeskHarness, _ name: String, _ bytes: [UInt8]) async throws -> [HTTPResponse.Status] {
        let upload = try await desk.upload(name, bytes)
        guard upload.status == .seeOther, let job = upload.headers[.location] else { return [upload.status] }
        let map = try await desk.client.execute(uri: job, method: .get)
        let columns = String(buffer: map.body).components(separatedBy: #"<select name="target[]""#).count - 1
        let targets = (0..<max(columns, 1)).map { $0 == 0 ? "target[]=email" : "target[]=-" }.joined(separator: "&")
        let mapping = try await desk.post(job + "/mapping", targets + "&on-duplicate=last&blank=ignore")
        var statuses = [upload.status, map.status, mapping.status]
        // The first visit starts the check; the pages after it show it going on or done.
        _ = try? await desk.checkedPage(job)
        for page in 1...3 { statuses.append(try await desk.client.execute(uri: job + "/check?page=\(page)", method: .get).status) }
        return statuses
    }

    @Test func raggedRowsAndBrokenFilesArePagesNeverACrash() async throws {
        try await DeskHarness.with(maxUploadBytes: 8 << 20) { desk in
            for (name, bytes) in Self.inputs {
                let statuses = try await Self.walk(desk, name, bytes)
                #expect(statuses.allSatisfy { $0.code < 500 }, "\(name): \(statuses)")
            }
            // A short or long row is a row to fix, with its reason, on the check page.
            let upload = try await desk.upload("ragged.csv", Array("email,name\nx@y.nl\na@example.nl,A,extra\nok@example.nl,Ok\n".utf8))
            let job = try #require(upload.headers[.location])
            #expect(
                try await desk.post(job + "/mapping", "target[]=email&target[]=firstname&on-duplicate=last&blank=ignore").status
                    == .seeOther)
            let check = try await desk.checkedPage(job)
            #expect(
                check.contains("field-count") && check.contains("the header has 2 cells and this row 1")
                    && check.contains("the header has 2 cells and this row 3"))
        }
    }

    @Test func mutatedUploadsThroughEveryPageNeverCrashTheDesk() async throws {
        try await DeskHarness.with(maxUploadBytes: 8 << 20) { desk in
            var mutator = Mutator(seed: 26)
            let seeds = Self.inputs.filter { !$0.1.isEmpty && !$0.0.hasSuffix(".xlsx") }
            for index in 0..<120 {
                let (name, seed) = seeds[index % seeds.count]
                let bytes = mutator.mutate(seed)
                let statuses = try await Self.walk(desk, name, bytes)
                #expect(statuses.allSatisfy { $0.code < 500 }, "input \(index) (\(name), seed 26): \(statuses)")
            }
        }
    }

    @Test func workbooksBrokenOrBuiltToExplodeAreRefusedWithAPage() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bombs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try WorkbookBomb.oneHugeCell(folder + "/cell.xlsx", megabytes: 64)
        let real = try DeskHarness.repositoryFile("examples/contacts-nl.xlsx")
        try await DeskHarness.with(maxUploadBytes: 8 << 20) { desk in
            let bomb = try await desk.upload("prijzen.xlsx", [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/cell.xlsx"))))
            let page = String(buffer: bomb.body)
            #expect(
                bomb.status == .unprocessableContent && page.contains("prijzen.xlsx")
                    && page.contains("cell A2 holds more than 1048576 bytes"), "\(page)")
            #expect(!page.contains(desk.dataDirectory), "the page does not show the server's paths")
            #expect(desk.jobs.isEmpty, "nothing of a refused upload is kept")
            for cut in [real.count / 2, real.count - 30, 100] {
                let statuses = try await Self.walk(desk, "cut.xlsx", Array(real.prefix(cut)))
                #expect(statuses.allSatisfy { $0.code < 500 } && statuses.first == .unprocessableContent, "cut at \(cut): \(statuses)")
            }
        }
    }
}
