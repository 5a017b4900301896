import AsyncHTTPClient
import Desk
import Foundation
import NIOCore
import NIOHTTP1
import Sandbox
import Testing

/// `loyalty-batch serve`, the built binary, as a marketer's browser meets it: listening, stopping,
/// and killed mid-import then started again.
@Suite(.timeLimit(.minutes(5))) struct ServeCommandTests {
    static let binary = FileManager.default.currentDirectoryPath + "/.build/debug/loyalty-batch"
    /// A browser's view of answers: a redirect is seen, not followed.
    static let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: .init(redirectConfiguration: .disallow))

    /// A `serve` process and where it listens.
    struct Desk {
        let process: Process
        let url: String
        let log: String

        /// Starts `serve` with `arguments`, its data in `folder/data`, and waits until it says where it listens.
        static func start(_ arguments: [String], folder: String, environment: [String: String] = [:]) async throws -> Desk {
            let log = folder + "/log-\(UUID().uuidString)"
            _ = FileManager.default.createFile(atPath: log, contents: nil)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: ServeCommandTests.binary)
            process.arguments = ["serve", "--port", "0", "--data-dir", folder + "/data"] + arguments
            process.environment = ["PATH": "/usr/bin:/bin"].merging(environment) { $1 }
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            for _ in 0..<300 {
                let text = try String(contentsOfFile: log, encoding: .utf8)
                if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("desk: http://") }) {
                    return Desk(process: process, url: String(line.dropFirst(6).split(separator: " ")[0]), log: log)
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            process.terminate()
            throw DeskProblemInTest(message: "the desk did not say where it listens: \(try String(contentsOfFile: log, encoding: .utf8))")
        }

        func get(_ path: String) async throws -> (HTTPResponseStatus, String) {
            let response = try await ServeCommandTests.http.execute(HTTPClientRequest(url: url + path.dropFirst()), timeout: .seconds(30))
            return (response.status, String(buffer: try await response.body.collect(upTo: 8 << 20)))
        }

        func post(_ path: String, contentType: String, body: [UInt8]) async throws -> (HTTPResponseStatus, String?) {
            var request = HTTPClientRequest(url: url + path.dropFirst())
            request.method = .POST
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(bytes: body))
            let response = try await ServeCommandTests.http.execute(request, timeout: .seconds(30))
            return (response.status, response.headers.first(name: "Location"))
        }

        /// The token of this desk's forms.
        func csrf() async throws -> String {
            try #require(DeskHarness.value(after: #"name="csrf" value=""#, in: try await get("/").1))
        }

        func form(_ path: String, _ fields: String) async throws -> (HTTPResponseStatus, String?) {
            try await post(path, contentType: "application/x-www-form-urlencoded", body: Array("csrf=\(try await csrf())&\(fields)".utf8))
        }

        func stop() async -> Int32 {
            process.terminate()
            while process.isRunning, !Task.isCancelled { try? await Task.sleep(for: .milliseconds(10)) }
            return process.terminationStatus
        }
    }

    static func folder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func theDeskListensServesItsPageAndStopsOnSIGTERM() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let desk = try await Desk.start(["--sandbox"], folder: folder)
        let (status, page) = try await desk.get("/")
        #expect(status == .ok && page.contains("<input type=\"file\" id=\"file\" name=\"file\""))
        let exit = await desk.stop()
        let said = try String(contentsOfFile: desk.log, encoding: .utf8)
        #expect(exit == 0, "\(said)")
        #expect(FileManager.default.fileExists(atPath: folder + "/data/jobs"))
    }

    @Test func anImportKilledWithTheDeskResumesAfterARestartToOneLineARow() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let rows = 1000
        let csv = "email,firstname\n" + (1...rows).map { "person\($0)@example.com,P\($0)\n" }.joined()
        var configuration = SandboxConfiguration()
        configuration.latencyMilliseconds = 50
        try await SandboxServer.withRunning(configuration) { sandbox in
            let environment = ["LEAT_API_URL": sandbox.leatBaseURL, "LEAT_API_TOKEN": "sandbox-token"]
            let first = try await Desk.start([], folder: folder, environment: environment)
            let upload = DeskHarness.multipart(csrf: try await first.csrf(), fileName: "people.csv", bytes: Array(csv.utf8))
            let uploaded = try await first.post("/uploads", contentType: "multipart/form-data; boundary=----desk-test-7Hq", body: upload)
            let job = try #require(uploaded.1, "\(uploaded.0)")
            #expect(
                try await first.form(job + "/mapping", "target[]=email&target[]=firstname&on-duplicate=last&blank=ignore").0 == .seeOther)
            #expect(try await first.form(job + "/run", "").0 == .seeOther)
            // Killed once some rows are in the report (its lines end in CRLF), with no chance to say anything.
            let report = folder + "/data" + job + "/report.csv"
            for _ in 0..<1000 {
                if ((try? String(contentsOfFile: report, encoding: .utf8))?.split(whereSeparator: \.isNewline).count ?? 0) > 50 { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            kill(first.process.processIdentifier, SIGKILL)
            while first.process.isRunning { try await Task.sleep(for: .milliseconds(10)) }

            let second = try await Desk.start([], folder: folder, environment: environment)
            let interrupted = try await second.get(job + "/run").1
            #expect(
                interrupted.contains("interrupted") && interrupted.contains("Resume"),
                "\(interrupted.split(separator: "<main>").last?.prefix(400) ?? "")")
            #expect(try await second.get("/").1.contains("<td>local</td>"))
            #expect(try await second.get("/").1.contains("interrupted — Resume"))
            let done = DeskRunTests.outcomes(try String(contentsOfFile: report, encoding: .utf8)).count
            #expect(done > 0 && done < rows, "killed partway: \(done) rows in the report")
            #expect(try await second.form(job + "/run", "resume=1").0 == .seeOther)
            var page = ""
            for _ in 0..<1500 where !page.contains("imported") {
                try await Task.sleep(for: .milliseconds(20))
                page = try await second.get(job + "/run").1
            }
            #expect(page.contains("<strong>\(rows)") || page.contains("done before"), "\(page)")
            let lines = DeskRunTests.outcomes(try String(contentsOfFile: report, encoding: .utf8)).map { Int($0[0]) ?? 0 }
            #expect(lines.sorted() == Array(2...(rows + 1)), "one report line a row")
            // The list of jobs counts the rows of both runs: the report is the ledger.
            #expect(try await second.get("/").1.contains("<td>done</td><td>1,000</td><td>0</td>"))
            #expect(await second.stop() == 0)
        }
    }

    @Test func invitesKilledWithTheDeskReachCapillaryExactlyOnceAfterARestart() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let rows = 2000
        let csv =
            "referrer_mobile,identifier,name,type\n"
            + (0..<rows).map { "9190\(String(format: "%09d", $0 % 100 + 1)),316\(String(format: "%08d", $0)),Invitee \($0),MOBILE\n" }
            .joined()
        var configuration = SandboxConfiguration()
        configuration.seedCustomers = 100
        configuration.latencyMilliseconds = 100
        try await SandboxServer.withRunning(configuration) { sandbox in
            let environment = [
                "LEAT_API_URL": sandbox.leatBaseURL, "LEAT_API_TOKEN": "sandbox-token", "CAPILLARY_API_URL": sandbox.capillaryBaseURL,
                "CAPILLARY_USERNAME": "sandbox", "CAPILLARY_PASSWORD": "sandbox",
            ]
            let first = try await Desk.start([], folder: folder, environment: environment)
            let token = try await first.csrf()
            let uploaded = try await first.post(
                "/uploads", contentType: "multipart/form-data; boundary=----desk-test-7Hq",
                body: DeskHarness.multipart(csrf: token, fileName: "invites.csv", bytes: Array(csv.utf8), kind: "invites"))
            let job = try #require(uploaded.1, "\(uploaded.0)")
            let mapping = "target[]=referrer_mobile&target[]=identifier&target[]=name&target[]=type&type=&campaign-token=J0H7Q"
            #expect(try await first.form(job + "/mapping", mapping).0 == .seeOther)
            #expect(try await first.form(job + "/run", "").0 == .seeOther)
            // Killed once some batches have left: they are in the sent journal, not all in the report.
            let report = folder + "/data" + job + "/report.csv"
            for _ in 0..<2000 {
                if ((try? String(contentsOfFile: report + ".sent", encoding: .utf8))?.split(separator: "\n").count ?? 0) > 100 { break }
                try await Task.sleep(for: .milliseconds(5))
            }
            kill(first.process.processIdentifier, SIGKILL)
            while first.process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
            let done = DeskRunTests.outcomes((try? String(contentsOfFile: report, encoding: .utf8)) ?? "").count
            #expect(done < rows, "killed partway")

            let second = try await Desk.start([], folder: folder, environment: environment)
            #expect(try await second.get(job + "/run").1.contains("interrupted"))
            #expect(try await second.form(job + "/run", "resume=1").0 == .seeOther)
            var page = ""
            for _ in 0..<1500 where !page.contains("invites.csv: sent") {
                try await Task.sleep(for: .milliseconds(20))
                page = try await second.get(job + "/run").1
            }
            #expect(page.contains("invites.csv: sent"), "\(page.split(separator: "<main>").last?.prefix(600) ?? "")")
            let stats = try await Self.http.execute(HTTPClientRequest(url: sandbox.url + "/_sandbox/stats"), timeout: .seconds(30))
            let json = try JSONSerialization.jsonObject(with: Data(buffer: try await stats.body.collect(upTo: 64 << 20))) as? [String: Any]
            let invites = (json?["invites"] as? [String: Any])?["per_referrer_identifier"] as? [String: Int] ?? [:]
            #expect(invites.count == rows && invites.values.allSatisfy { $0 == 1 }, "each invite reached Capillary once")
            let lines = DeskRunTests.outcomes(try String(contentsOfFile: report, encoding: .utf8)).map { Int($0[0]) ?? 0 }
            #expect(lines.count == rows && Set(lines) == Set(2...(rows + 1)), "one report line a row")
            #expect(!FileManager.default.fileExists(atPath: report + ".sent"))
            #expect(await second.stop() == 0)
        }
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
        #expect(text.contains("needs sign-in: add --users FILE"))
    }

    /// `method` `path` of `desk` sent with the `Host` (and `Origin`) a page of another site gives
    /// when its own name points at this machine: the status and the body.
    static func rebound(
        _ desk: Desk, _ path: String, host: String, method: HTTPMethod = .GET, origin: String? = nil, language: String? = nil
    ) async throws -> (HTTPResponseStatus, String) {
        var request = HTTPClientRequest(url: desk.url + path.dropFirst())
        request.method = method
        if let language { request.headers.add(name: "Accept-Language", value: language) }
        request.headers.replaceOrAdd(name: "Host", value: host)
        if let origin { request.headers.add(name: "Origin", value: origin) }
        if method == .POST {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: "csrf=x"))
        }
        let response = try await Self.http.execute(request, timeout: .seconds(30))
        return (response.status, String(buffer: try await response.body.collect(upTo: 1 << 20)))
    }

    @Test func aSiteThatPointsItsNameAtThisMachineIsNotServed() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let desk = try await Desk.start(["--sandbox"], folder: folder)
        let port = try #require(desk.url.split(separator: ":").last.flatMap { Int($0.dropLast()) })
        for host in ["127.0.0.1:\(port)", "localhost:\(port)", "[::1]:\(port)"] {
            let (status, page) = try await Self.rebound(desk, "/", host: host)
            #expect(status == .ok && page.contains("name=\"csrf\""), "\(host)")
        }
        let job = "/jobs/" + String(repeating: "a", count: 32)
        for (path, method) in [
            ("/", HTTPMethod.GET), (job + "/files/check-rows-to-fix.csv", .GET), (job + "/stop", .POST), (job + "/run", .POST),
        ] {
            let (status, page) = try await Self.rebound(
                desk, path, host: "evil.example:\(port)", method: method, origin: "http://evil.example:\(port)")
            #expect(status == .misdirectedRequest && !page.contains("csrf"), "\(method) \(path): \(status)")
        }
        #expect(try await Self.rebound(desk, "/", host: "127.0.0.1:\(port + 1)").0 == .misdirectedRequest, "another port")
        let (_, german) = try await Self.rebound(desk, "/", host: "evil.example:\(port)", language: "de-DE,de;q=0.9")
        #expect(german.hasPrefix("Dieser Schalter antwortet nur unter ") && german.contains("localhost"), "\(german)")
        #expect(await desk.stop() == 0)

        // With sign-in, the names of --allowed-host too.
        let users = folder + "/users"
        try DeskUsers.add(name: "ann", password: "correct horse", to: users, cost: 4)
        let shared = try await Desk.start(["--sandbox", "--users", users, "--allowed-host", "desk.example.com"], folder: folder)
        let sharedPort = try #require(shared.url.split(separator: ":").last.flatMap { Int($0.dropLast()) })
        #expect(try await Self.rebound(shared, "/sign-in", host: "desk.example.com:\(sharedPort)").0 == .ok)
        #expect(try await Self.rebound(shared, "/sign-in", host: "evil.example:\(sharedPort)").0 == .misdirectedRequest)
        #expect(await shared.stop() == 0)
    }

    @Test func addUserWritesAHashThatSignsInToTheDesk() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let users = folder + "/users"
        let adding = Process()
        adding.executableURL = URL(fileURLWithPath: Self.binary)
        adding.arguments = ["serve", "add-user", "ann@example.com", "--users", users]
        let input = Pipe()
        adding.standardInput = input
        adding.standardError = Pipe()
        try adding.run()
        input.fileHandleForWriting.write(Data("correct horse\n".utf8))
        try input.fileHandleForWriting.close()
        adding.waitUntilExit()
        #expect(adding.terminationStatus == 0)
        let written = try String(contentsOfFile: users, encoding: .utf8)
        #expect(written.hasPrefix("ann@example.com:$2b$12$") && !written.contains("correct horse"))
        #expect((try FileManager.default.attributesOfItem(atPath: users)[.posixPermissions] as? Int) == 0o600)

        let desk = try await Desk.start(["--sandbox", "--users", users], folder: folder)
        #expect(try await desk.get("/").0 == .seeOther)
        let signInPage = try await Self.http.execute(HTTPClientRequest(url: desk.url + "sign-in"), timeout: .seconds(30))
        let token = try #require(
            DeskHarness.value(after: #"name="csrf" value=""#, in: String(buffer: try await signInPage.body.collect(upTo: 1 << 20))))
        let preSession = try #require(signInPage.headers.first(name: "Set-Cookie")?.split(separator: ";").first)
        var request = HTTPClientRequest(url: desk.url + "sign-in")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Cookie", value: String(preSession))
        request.body = .bytes(ByteBuffer(string: "csrf=\(token)&user=ann%40example.com&password=correct+horse"))
        let signedIn = try await Self.http.execute(request, timeout: .seconds(30))
        let cookie = try #require(signedIn.headers["Set-Cookie"].first { $0.hasPrefix("desk_session=") })
        #expect(signedIn.status == .seeOther && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
        var home = HTTPClientRequest(url: desk.url)
        home.headers.add(name: "Cookie", value: String(cookie.split(separator: ";")[0]))
        let page = String(buffer: try await Self.http.execute(home, timeout: .seconds(30)).body.collect(upTo: 1 << 20))
        #expect(page.contains("ann@example.com <button type=\"submit\">Sign out</button>"))
        #expect(await desk.stop() == 0)
    }
}
