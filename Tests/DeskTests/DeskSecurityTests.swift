import Foundation
import HTTPKit
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Desk

/// What a hostile colleague or website tries on the desk, through its router: forms from
/// elsewhere, sign-in races and lock-outs, other users' jobs, names and cells that become
/// structure, and what an error page tells.
@Suite(.timeLimit(.minutes(3))) struct DeskSecurityTests {
    /// Signs `user` in; the session cookie and the session's form token.
    static func signedIn(_ desk: DeskHarness, _ user: String, _ password: String) async throws -> (cookie: String, token: String) {
        let answer = try await SignInTests.signIn(desk, user: user, password: password)
        #expect(answer.status == .seeOther)
        let cookie = try SignInTests.session(of: answer)
        return (cookie, try await SignInTests.token(desk, session: cookie))
    }

    @Test func attemptsMadeAtOnceAreAllCounted() async throws {
        try await DeskHarness.with(users: try SignInTests.users()) { desk in
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for index in 0..<40 { group.addTask { try await SignInTests.signIn(desk, user: "bob", password: "guess\(index)").status } }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .unauthorized }.count == SignInThrottle.limit)
            #expect(statuses.filter { $0 == .tooManyRequests }.count == 40 - SignInThrottle.limit)
        }
    }

    @Test func signInWantsItsOwnPagesTokenAndCookieAndNoNullOrigin() async throws {
        try await DeskHarness.with(users: try SignInTests.users()) { desk in
            var noCookie = desk
            noCookie.preSession = nil
            #expect(
                try await SignInTests.signIn(noCookie, user: "ann", password: "correct+horse").status == .forbidden,
                "the page's token alone, without its cookie (another site's form), is refused")
            #expect(
                try await SignInTests.signIn(desk, user: "ann", password: "correct+horse", origin: "null").status == .forbidden,
                "a sandboxed frame (Origin: null) cannot sign a browser in")
            #expect(
                try await SignInTests.signIn(desk, user: "ann", password: "correct+horse", origin: "http://evil.example").status
                    == .forbidden)
            let first = try await Self.signedIn(desk, "ann", "correct+horse")
            #expect(try await desk.client.execute(uri: "/", method: .get, headers: [.cookie: first.cookie]).status == .ok)
            // Signing in again ends the session before.
            let second = try await Self.signedIn(desk, "ann", "correct+horse")
            #expect(second.token != first.token)
            let old = try await desk.client.execute(uri: "/", method: .get, headers: [.cookie: first.cookie])
            #expect(old.status == .seeOther && old.headers[.location] == "/sign-in")
            #expect(try await desk.client.execute(uri: "/", method: .get, headers: [.cookie: second.cookie]).status == .ok)
            // A form of the session with another session's token is refused.
            let upload = try await desk.upload("a.csv", Array("email\na@example.nl\n".utf8), csrf: first.token, cookie: second.cookie)
            #expect(upload.status == .forbidden && desk.jobs.isEmpty)
        }
    }

    @Test func eachUserSeesAndTouchesOnlyTheirOwnJobsUnlessTheDeskIsATeams() async throws {
        for team in [false, true] {
            try await DeskHarness.with(users: try SignInTests.users(), team: team) { desk in
                let ann = try await Self.signedIn(desk, "ann", "correct+horse")
                let uploaded = try await desk.upload(
                    "ann.csv", Array("email,name\na@example.nl,A\n".utf8), csrf: ann.token, cookie: ann.cookie)
                let job = try #require(uploaded.headers[.location])
                let bob = try await Self.signedIn(desk, "bob", "battery+staple")
                let list = String(buffer: try await desk.client.execute(uri: "/", method: .get, headers: [.cookie: bob.cookie]).body)
                #expect(list.contains("ann.csv") == team)
                var statuses = [
                    try await desk.client.execute(uri: job, method: .get, headers: [.cookie: bob.cookie]).status,
                    try await desk.post(
                        job + "/mapping", "target[]=email&target[]=firstname&on-duplicate=last&blank=ignore", csrf: bob.token,
                        cookie: bob.cookie
                    ).status,
                    try await desk.client.execute(uri: job + "/check", method: .get, headers: [.cookie: bob.cookie]).status,
                ]
                // The check is a run: the job is deleted once it is over (while it runs, delete answers 409).
                if team { _ = try await desk.checkedPage(job, cookie: bob.cookie) }
                statuses.append(
                    try await desk.client.execute(uri: job + "/files/job.yml", method: .get, headers: [.cookie: bob.cookie]).status)
                statuses.append(try await desk.post(job + "/delete", csrf: bob.token, cookie: bob.cookie).status)
                if team {
                    #expect(statuses == [.ok, .seeOther, .ok, .ok, .seeOther], "\(statuses)")
                    let actions = try JobDatabase(dataDirectory: desk.dataDirectory).actions(of: String(job.split(separator: "/").last!))
                    #expect(actions.map { "\($0.who) \($0.what)" } == ["ann uploaded", "bob mapped", "bob deleted"])
                } else {
                    #expect(statuses.allSatisfy { $0 == .notFound }, "\(statuses)")
                    #expect(
                        try await desk.client.execute(uri: job, method: .get, headers: [.cookie: ann.cookie]).status == .ok,
                        "ann's job is still there")
                }
            }
        }
    }

    @Test func aFormFromANullOrForeignOriginIsRefused() async throws {
        try await DeskHarness.with { desk in
            for origin in ["null", "http://evil.example", "http://localhost.evil.example"] {
                let answer = try await desk.upload("a.csv", Array("email\na@example.nl\n".utf8), origin: origin)
                #expect(answer.status == .forbidden, "\(origin)")
            }
            #expect(desk.jobs.isEmpty)
            #expect(try await desk.upload("a.csv", Array("email\na@example.nl\n".utf8), origin: "http://localhost").status == .seeOther)
        }
    }

    @Test func namesLoseTheirControlCharactersAndRowsToFixAreExcelSafe() async throws {
        try await DeskHarness.with { desk in
            let name = "c\nreport: injected.csv\nsandbox: true\n#.csv"
            let csv = "email,name\n=cmd|' /C calc'!A0,+1+1\nok@example.nl,=HYPERLINK(\"http://evil.example\")\n"
            let job = try #require(try await desk.upload(name, Array(csv.utf8)).headers[.location])
            let yaml = String(
                buffer: try await desk.post(job + "/job-file", "target[]=email&target[]=firstname&on-duplicate=last&blank=ignore").body)
            #expect(!yaml.split(separator: "\n").contains { $0.hasPrefix("sandbox:") || $0.hasPrefix("report:") }, "\(yaml)")
            #expect(yaml.contains("creport: injected.csvsandbox: true#.csv"))
            #expect(
                try await desk.post(job + "/mapping", "target[]=email&target[]=firstname&on-duplicate=last&blank=ignore").status
                    == .seeOther)
            _ = try await desk.checkedPage(job)
            let rows = String(buffer: try await desk.client.execute(uri: job + "/files/check-rows-to-fix.csv", method: .get).body)
            #expect(rows.contains("'=cmd|' /C calc'!A0,'+1+1"), "\(rows)")
            #expect(!rows.split(separator: "\r\n").contains { $0.hasPrefix("=") || $0.contains(",+1+1") })
        }
    }

    @Test func aTableTooWideToMapIsRefusedAndErrorPagesNameTheUploadOnly() async throws {
        try await DeskHarness.with(maxUploadBytes: 8 << 20) { desk in
            let header = (0..<1_500).map { "c\($0)" }.joined(separator: ",")
            let wide = try await desk.upload("wide.csv", Array((header + "\n" + header + "\n").utf8))
            #expect(
                wide.status == .unprocessableContent
                    && String(buffer: wide.body).contains("it has 1,500 columns, and the desk maps at most 1,000"))
            let zip = try await desk.upload("book.xlsx", [0x50, 0x4B, 0x03, 0x04] + Array(repeating: 0, count: 64))
            let page = String(buffer: zip.body)
            #expect(
                zip.status == .unprocessableContent && page.contains("book.xlsx") && !page.contains(desk.dataDirectory)
                    && !page.contains("/jobs/"), "\(page)")
            #expect(desk.jobs.isEmpty)
        }
    }

    @Test func aWrongTokenRefusesTheUploadBeforeAByteOfItsFileIsWritten() async throws {
        let body = DeskHarness.multipart(csrf: "forged", fileName: "a.csv", bytes: Array(repeating: UInt8(ascii: "a"), count: 100_000))
        let chunks = AsyncThrowingStream<ByteBuffer, any Error> { continuation in
            for start in stride(from: 0, to: body.count, by: 4_096) {
                continuation.yield(ByteBuffer(bytes: body[start..<min(body.count, start + 4_096)]))
            }
            continuation.finish()
        }
        var written = 0
        var failure: (any Error)?
        do {
            _ = try await MultipartUpload.read(
                chunks, boundary: "----desk-test-7Hq", fileField: "file", limit: 1 << 20, clock: ContinuousClock(),
                accept: { $0["csrf"] == "right" }
            ) { written += $0.count }
        } catch {
            failure = error
        }
        #expect(failure as? MultipartUpload.Failure == .refused && written == 0)
    }

    @Test func anUploadThatDripsIsCutOffAfterAWindow() {
        let start = ContinuousClock.now
        var pace = UploadPace(start: start)
        let dripped = (0..<30).map { pace.received(1, at: start + .seconds($0)) }
        let after = pace.received(1, at: start + .seconds(31))
        #expect(!dripped.contains(false) && !after, "30 bytes in 30 s is a drip")
        var fast = UploadPace(start: start)
        #expect(!(0..<120).map { fast.received(2_048, at: start + .seconds($0)) }.contains(false))
    }

    @Test func onlyLoopbackIsLoopback() {
        for host in ["127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1"] { #expect(EndpointURL.isLoopback(host), "\(host)") }
        for host in ["127.evil.example", "127.0.0.1.evil.example", "1270.0.0.1", "0.0.0.0", "10.0.0.1", "::"] {
            #expect(!EndpointURL.isLoopback(host), "\(host)")
        }
    }

    @Test func theHostHeaderNamesTheDeskOrIsRefused() {
        var configuration = DeskConfiguration()
        configuration.port = 8080
        let hosts = ServedHosts(configuration: configuration)
        for authority in ["127.0.0.1:8080", "localhost:8080", "[::1]:8080", "LOCALHOST:8080", "localhost.:8080", "localhost"] {
            #expect(hosts.serves(authority), "\(authority)")
        }
        for authority in ["evil.example:8080", "localhost:8081", "127.0.0.1.evil.example:8080", "[::1", "localhost:x", "", "[::2]:8080"] {
            #expect(!hosts.serves(authority), "\(authority)")
        }
        configuration.users = try? SignInTests.users()
        configuration.host = "0.0.0.0"
        configuration.allowedHosts = ["Desk.Example.com"]
        let shared = ServedHosts(configuration: configuration)
        #expect(
            shared.serves("desk.example.com:8080") && shared.serves("127.0.0.1:8080") && !shared.serves("0.0.0.0:8080")
                && !shared.serves("evil.example:8080"))
    }
}
