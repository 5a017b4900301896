import BatchKit
import Foundation
import HTTPKit
import Hummingbird
import Jobs
import LeatAPI
import NIOCore
import Testing
import TextFormats

/// The client and the jobs against a server that misbehaves on purpose (``HostileServer``): no
/// crash, no hang, nothing from the server taken as structure, every row accounted for.
@Suite(.timeLimit(.minutes(5))) struct HostileServerTests {
    private static let someUUID = "0b8a3f4e-2c1d-4e5f-8a9b-0c1d2e3f4a5b"
    /// The server has no contact list to give: row by row.
    private static var rowByRow: ImportOptions {
        var options = ImportOptions()
        options.changedOnly = .off
        return options
    }

    /// Imports `rows` emails (no attributes: one find-or-create each) into `server`.
    private func importEmails(
        _ count: Int, into server: HostileServer, folder: URL, timeout: Duration = .seconds(10),
        _ configure: (inout ImportOptions) -> Void = { _ in }
    ) async throws -> (RunSummary, [[String]]) {
        let input = try emailsFile(count, in: folder)
        var options = ImportOptions()
        options.changedOnly = .off
        options.run.retry = RetryPolicy(
            maxAttempts: 4, baseDelay: .milliseconds(5), maxDelay: .milliseconds(50), maxRetryAfter: .seconds(5))
        configure(&options)
        let summary = try await server.withClient(timeout: timeout) { client in
            try await ImportContactsJob.run(input: input, options: options, client: client)
        }
        let report = try String(contentsOfFile: input + ".report.csv", encoding: .utf8)
        let records = report.split(separator: "\r\n").dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        return (summary, records)
    }

    /// `in.csv` in `folder`: an email column with `count` addresses.
    private func emailsFile(_ count: Int, in folder: URL) throws -> String {
        let input = folder.appendingPathComponent("in.csv").path
        try ("email\n" + (0..<count).map { "user\($0)@example.com\n" }.joined()).write(toFile: input, atomically: true, encoding: .utf8)
        return input
    }

    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func retryAfterThatIsNoNumberIsIgnoredNotACrash() async throws {
        try await HostileServer.with({ group, counter in
            group.get("contacts/find-or-create/async") { _, _ -> Response in
                switch counter.hit("find") {
                case 1: Response.json(.tooManyRequests, "{}", headers: [.retryAfter: "nan"])
                case 2: Response.json(.tooManyRequests, "{}", headers: [.retryAfter: "-inf"])
                default: Response.uuid(Self.someUUID)
                }
            }
        }) { server, counter in
            let (summary, records) = try await importEmails(1, into: server, folder: try folder())
            #expect(summary.exitCode == 0)
            #expect(records.map { $0[2] } == ["found"])
            #expect(counter.count("find") == 3)
        }
    }

    @Test(arguments: ["999999", "1e300", "inf"])
    func aWaitLongerThanAllowedStopsTheJobResumably(retryAfter: String) async throws {
        try await HostileServer.with({ group, counter in
            group.get("contacts/find-or-create/async") { _, _ -> Response in
                counter.hit("find")
                return Response.json(.tooManyRequests, "{}", headers: [.retryAfter: retryAfter])
            }
        }) { server, counter in
            let (summary, records) = try await importEmails(3, into: server, folder: try folder()) { $0.run.concurrency = 1 }
            if retryAfter == "inf" {
                // Not a number of seconds: ignored, so the row is retried and fails after its attempts.
                #expect(records.map { $0[4] } == ["http-429", "http-429", "http-429"])
            } else {
                #expect(summary.exitCode == 3)
                #expect(summary.stopped?.contains("more than \(Setting.maxRetryAfter.mention()) (5 s)") == true, "\(summary.stopped ?? "")")
                #expect(records.isEmpty)
                #expect(counter.count("find") == 1)
            }
        }
    }

    @Test(arguments: ["drip", "short"])
    func aBodyThatNeverEndsIsCutAtTheDeadline(kind: String) async throws {
        try await HostileServer.with({ group, _ in
            group.get("contacts/find-or-create/async") { _, _ -> Response in
                // "drip": a byte every 100 ms for 6 s; "short": 10 of the 1000 bytes it promises.
                Response(
                    status: .ok, headers: [.contentType: "application/json"],
                    body: ResponseBody(contentLength: kind == "short" ? 1000 : nil) { writer in
                        if kind == "short" { try await writer.write(ByteBuffer(string: #"{"data": {"#)) }
                        for _ in 0..<60 {
                            if kind == "drip" { try await writer.write(ByteBuffer(string: " ")) }
                            try await Task.sleep(for: .milliseconds(100))
                        }
                        try await writer.finish(nil)
                    })
            }
        }) { server, _ in
            let error = try await server.withClient(timeout: .seconds(1)) { client in
                await #expect(throws: LeatError.self) { _ = try await client.findOrCreate(email: "a@example.com") }
            }
            // The server goes on for 6 s; what ended the request was the deadline (1 s), not the body.
            #expect(error?.kind == .noAnswer)
            #expect(error?.message.contains(Setting.requestTimeout.mention()) == true)
        }
    }

    /// The throttle asks for 200 s, past the test's time limit; the drip would go on for 6 s, 60
    /// chunks: the run ends before either.
    @Test(arguments: ["throttle", "drip"])
    func aFirstCtrlCEndsTheRunWithinTheDeadline(kind: String) async throws {
        try await HostileServer.with({ group, counter in
            group.get("contacts/find-or-create/async") { _, _ -> Response in
                // "throttle": wait 200 s, please; "drip": an answer that never ends.
                guard kind == "drip" else { return Response.json(.tooManyRequests, "{}", headers: [.retryAfter: "200"]) }
                return Response(
                    status: .ok,
                    body: ResponseBody { writer in
                        for _ in 0..<60 {
                            _ = counter.hit("chunk")
                            try await writer.write(ByteBuffer(string: " "))
                            try await Task.sleep(for: .milliseconds(100))
                        }
                        try await writer.finish(nil)
                    })
            }
        }) { server, counter in
            let input = try emailsFile(50, in: try folder())
            let control = RunControl()
            let stopper = Task {
                try await Task.sleep(for: .milliseconds(300))
                control.drain(reason: "interrupted (Ctrl-C)")
            }
            let summary = try await server.withClient(timeout: .seconds(1)) { client in
                try await ImportContactsJob.run(input: input, options: Self.rowByRow, client: client, control: control)
            }
            try await stopper.value
            #expect(summary.exitCode == 3)
            #expect(summary.stopped == "interrupted (Ctrl-C)")
            #expect(counter.count("chunk") < 60)
        }
    }

    @Test func redirectsAreNotFollowed() async throws {
        try await HostileServer.with({ group, counter in
            group.get("contacts/find-or-create/async") { request, _ -> Response in
                let port = request.head.authority?.split(separator: ":").last ?? "80"
                return Response.json(.found, "{}", headers: [.location: "http://127.0.0.1:\(port)\(HostileServer.basePath)/elsewhere"])
            }
            group.get("elsewhere") { _, _ -> Response in
                counter.hit("elsewhere")
                return Response.uuid(Self.someUUID)
            }
        }) { server, counter in
            let (summary, records) = try await importEmails(2, into: server, folder: try folder())
            #expect(summary.exitCode == 1)
            #expect(records.map { $0[4] } == ["http-302", "http-302"])
            #expect(records.allSatisfy { $0.joined(separator: ",").contains("redirected to http://127.0.0.1:") })
            #expect(counter.count("elsewhere") == 0)
        }
    }

    @Test func aHugeMessageEchoingTheTokenIsCappedAndRedacted() async throws {
        // The 1 MiB is made once: made per request (in a debug build, while other tests run) it kept
        // the server's event loop so busy that connections timed out before the client could ask.
        let filler = String(repeating: "x", count: 1 << 20)
        try await HostileServer.with({ group, _ in
            group.get("contacts/find-or-create/async") { request, _ -> Response in
                let token = request.headers[.authorization] ?? ""
                return Response.json(.badRequest, #"{"message":"rejected \#(token)\r\n\#(filler)","code":1003,"status_code":400}"#)
            }
        }) { server, _ in
            let folder = try folder()
            // 1 MiB answers: a deadline that the full suite's load on two cores cannot push them past.
            let (summary, records) = try await importEmails(20, into: server, folder: folder, timeout: .seconds(30))
            #expect(summary.exitCode == 1, "\(summary.stopped ?? "")")
            #expect(records.count == 20)
            let report = try String(contentsOfFile: folder.appendingPathComponent("in.csv.report.csv").path, encoding: .utf8)
            #expect(!report.contains(HostileServer.token))
            #expect(report.contains("rejected Bearer [redacted]"))
            #expect(report.utf8.count < 20 * 700)
        }
    }

    @Test(arguments: ["", "..", "../../tiers"])
    func aUUIDThatIsNoUUIDFailsTheRowAndIsNeverAPath(uuid: String) async throws {
        try await HostileServer.with({ group, counter in
            group.get("contacts/find-or-create/async") { _, _ in Response.uuid(uuid) }
            group.put("contacts/**") { _, _ -> Response in
                counter.hit("put")
                return Response.json(.ok, "{}")
            }
        }) { server, counter in
            let folder = try folder()
            let input = folder.appendingPathComponent("in.csv").path
            try "email,city\na@example.com,Utrecht\n".write(toFile: input, atomically: true, encoding: .utf8)
            let summary = try await server.withClient { client in
                try await ImportContactsJob.run(input: input, options: Self.rowByRow, client: client)
            }
            #expect(summary.exitCode == 1, "\(summary.stopped ?? "")")
            #expect(summary.errors["unreadable"] == 1)
            #expect(counter.count("put") == 0)
        }
    }

    @Test(arguments: [#""uuid":"","#, "", #""uuid":"..","#])
    func exportedContactsWithoutAUUIDFailTheExport(uuidField: String) async throws {
        try await HostileServer.with({ group, _ in
            group.get("contacts") { _, _ -> Response in
                let items = (0..<200).map { #"{\#(uuidField)"email":"u\#($0)@example.com","current_values":{}}"# }
                return Response.json(.ok, #"{"data":[\#(items.joined(separator: ","))],"meta":{"last_page":1}}"#)
            }
        }) { server, _ in
            let summary = try await export(from: server, to: try folder().appendingPathComponent("out.csv").path)
            #expect(summary.exitCode == 3)
            #expect(summary.stopped?.contains("item 1 of the page has") == true)
            #expect(summary.rows == 0)
        }
    }

    @Test func anExportStopsAtTheFirstEmptyPageWhateverLastPageSays() async throws {
        try await HostileServer.with({ group, counter in
            group.get("contacts") { request, _ -> Response in
                counter.hit("page")
                let page = Int(request.uri.queryParameters["page"].map(String.init) ?? "1") ?? 1
                let uuids = page <= 3 ? (0..<100).map { Self.uuid(page * 1000 + $0) } : []
                return Response.contactsPage(uuids, meta: #"{"last_page":1000000000}"#)
            }
        }) { server, counter in
            let summary = try await export(from: server, to: try folder().appendingPathComponent("out.csv").path)
            #expect(summary.exitCode == 0, "\(summary.stopped ?? "")")
            #expect(summary.rows == 300)
            #expect(counter.count("page") < 30)
        }
    }

    @Test(arguments: [#"{"last_page":1000000000}"#, "[]"])
    func anExportOfPagesThatRepeatStopsAndSaysSo(meta: String) async throws {
        try await HostileServer.with({ group, counter in
            group.get("contacts") { _, _ -> Response in
                counter.hit("page")
                return Response.contactsPage((0..<100).map { Self.uuid($0) }, meta: meta)
            }
        }) { server, counter in
            let summary = try await export(from: server, to: try folder().appendingPathComponent("out.csv").path)
            #expect(summary.exitCode == 3)
            #expect(summary.stopped?.contains("the server is looping") == true, "\(summary.stopped ?? "")")
            #expect(counter.count("page") < 40)
        }
    }

    private static func uuid(_ number: Int) -> String {
        String(format: "00000000-0000-4000-8000-%012d", number)
    }

    private func export(from server: HostileServer, to output: String) async throws -> RunSummary {
        var options = ExportOptions()
        options.entity = .contacts
        options.output = output
        // Time enough for a machine busy with the other tests (these are about pages, not time):
        // a 1 s deadline and two attempts once stopped both exports in CI.
        options.retry = RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(5), maxDelay: .milliseconds(200))
        return try await server.withClient(timeout: .seconds(10)) { client in try await ExportJob.run(options: options, client: client) }
    }
}
