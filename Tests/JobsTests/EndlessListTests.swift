import BatchKit
import Foundation
import Hummingbird
import Jobs
import LeatAPI
import Testing

/// A list that cannot say where it ends is not read without end: a `meta.last_page` that is no
/// page number fails the export naming it, and a list still full past what its `total` needs stops.
@Suite(.timeLimit(.minutes(5))) struct EndlessListTests {
    /// A new uuid for every item of every page: the export's loop check (pages of rows written
    /// already) cannot stop this server.
    static func uuid(page: Int, index: Int) -> String {
        String(format: "00000000-0000-4000-8000-%06d%06d", page, index)
    }

    static func export(from server: HostileServer) async throws -> RunSummary {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("endless-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var options = ExportOptions()
        options.output = folder + "/contacts.csv"
        // A deadline and attempts for a busy machine: these tests are about where a list ends, not time.
        options.retry = RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(5), maxDelay: .milliseconds(100))
        let summary = try await server.withClient(timeout: .seconds(10)) { try await ExportJob.run(options: options, client: $0) }
        #expect(!FileManager.default.fileExists(atPath: options.output), "nothing is written")
        return summary
    }

    /// A server whose contact pages are always full, 100 contacts each, with `meta`.
    static func fullPages(meta: String) -> @Sendable (RouterGroup<BasicRequestContext>, HitCounter) -> Void {
        { group, counter in
            group.get("contacts") { request, _ in
                _ = counter.hit("page")
                let page = Int(request.uri.queryParameters.get("page") ?? "1") ?? 1
                return Response.contactsPage((0..<100).map { uuid(page: page, index: $0) }, meta: meta)
            }
        }
    }

    @Test(arguments: [#""3.5e400""#, "3.5e400", #""many""#, "-1", "0"])
    func aLastPageThatIsNoPageNumberFailsTheExportNamingIt(lastPage: String) async throws {
        try await HostileServer.with(Self.fullPages(meta: #"{"last_page":\#(lastPage)}"#)) { server, counter in
            let summary = try await Self.export(from: server)
            // A bare 3.5e400 is out of JSON's range: the whole answer is unreadable, which stops it the same way.
            let said = lastPage == "3.5e400" ? "expected a list" : "meta.last_page is"
            #expect(summary.exitCode == 3 && summary.stopped?.contains(said) == true, "\(summary.stopped ?? "")")
            #expect(counter.count("page") == 1, "an unreadable answer is not asked again")
        }
    }

    @Test func aListStillFullPastWhatItsTotalNeedsStopsSayingSo() async throws {
        try await HostileServer.with(Self.fullPages(meta: #"{"total":250}"#)) { server, counter in
            let summary = try await Self.export(from: server)
            #expect(
                summary.exitCode == 3 && summary.stopped?.contains("holds 250 items (meta.total), and page 5 still brought some") == true,
                "\(summary.stopped ?? "")")
            #expect(counter.count("page") <= 5 + 8, "no page long past the cap: \(counter.count("page"))")
        }
    }
}
