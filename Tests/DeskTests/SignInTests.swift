@testable import Desk
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Signing in to a desk that has a users file, and the file itself.
@Suite struct SignInTests {
    /// A users file with ann (password `correct horse`) and bob, at bcrypt's lowest cost to keep the test quick.
    static func users() throws -> DeskUsers {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("users-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try DeskUsers.add(name: "ann", password: "correct horse", to: path, cost: 4)
        try DeskUsers.add(name: "bob", password: "battery staple", to: path, cost: 4)
        try DeskUsers.add(name: "ann", password: "correct horse", to: path, cost: 4)
        #expect(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count == 2, "a user is in the file once")
        return try DeskUsers.load(path: path)
    }

    static func signIn(_ desk: DeskHarness, user: String, password: String, csrf: String? = nil) async throws -> TestResponse {
        try await desk.client.execute(uri: "/sign-in", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                      body: ByteBuffer(string: "csrf=\(csrf ?? desk.csrf)&user=\(user)&password=\(password)"))
    }

    @Test func everyPageButSignInWantsAUserAndTheirPassword() async throws {
        try await DeskHarness.with(users: try Self.users()) { desk in
            for path in ["/", "/jobs/00000000000000000000000000000000/run"] {
                let answer = try await desk.client.execute(uri: path, method: .get)
                #expect(answer.status == .seeOther && answer.headers[.location] == "/sign-in", "\(path)")
            }
            #expect(try await desk.client.execute(uri: "/desk.css", method: .get).status == .ok)
            let upload = try await desk.upload("a.csv", Array("email\na@example.com\n".utf8))
            #expect(upload.status == .seeOther && upload.headers[.location] == "/sign-in" && desk.jobs.isEmpty)

            let wrong = try await Self.signIn(desk, user: "ann", password: "battery+staple")
            let nobody = try await Self.signIn(desk, user: "carol", password: "correct+horse")
            #expect(wrong.status == .unauthorized && nobody.status == .unauthorized)
            #expect(String(buffer: wrong.body).contains("do not match a user of this desk") && wrong.headers[.setCookie] == nil)
            #expect(try await Self.signIn(desk, user: "ann", password: "correct+horse", csrf: "forged").status == .forbidden)

            let signedIn = try await Self.signIn(desk, user: "ann", password: "correct+horse")
            let cookie = try #require(signedIn.headers[.setCookie])
            #expect(signedIn.status == .seeOther && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            let session = String(cookie.split(separator: ";")[0])
            let home = try await desk.client.execute(uri: "/", method: .get, headers: [.cookie: session])
            #expect(home.status == .ok && String(buffer: home.body).contains("ann <button type=\"submit\">Sign out</button>"))
            #expect(!String(buffer: home.body).contains("correct horse"))

            // Who uploaded a file is in the list of jobs.
            var headers: HTTPFields = [.contentType: "multipart/form-data; boundary=----desk-test-7Hq", .cookie: session]
            let uploaded = try await desk.client.execute(uri: "/uploads", method: .post, headers: headers,
                                                         body: ByteBuffer(bytes: DeskHarness.multipart(csrf: desk.csrf, fileName: "people.csv",
                                                                                                      bytes: Array("email\na@example.com\n".utf8))))
            #expect(uploaded.status == .seeOther)
            let list = String(buffer: try await desk.client.execute(uri: "/", method: .get, headers: [.cookie: session]).body)
            #expect(list.contains("<td><a href=\"/jobs/") && list.contains("people.csv</a></td><td>contacts</td><td>ann</td>"))

            headers = [.contentType: "application/x-www-form-urlencoded", .cookie: session]
            let out = try await desk.client.execute(uri: "/sign-out", method: .post, headers: headers, body: ByteBuffer(string: "csrf=\(desk.csrf)"))
            #expect(out.status == .seeOther && out.headers[.setCookie]?.contains("desk_session=") == true)
            #expect(try await desk.client.execute(uri: "/", method: .get, headers: [.cookie: session]).status == .seeOther)
        }
    }

    @Test func fiveWrongPasswordsAndEvenTheRightOneIsRefusedForAWhile() async throws {
        try await DeskHarness.with(users: try Self.users()) { desk in
            for _ in 0..<SignInThrottle.limit {
                #expect(try await Self.signIn(desk, user: "bob", password: "guess+\(UUID().uuidString.prefix(6))").status == .unauthorized)
            }
            let refused = try await Self.signIn(desk, user: "bob", password: "battery+staple")
            #expect(refused.status == .tooManyRequests && refused.headers[.setCookie] == nil)
            #expect(String(buffer: refused.body).contains("Too many wrong passwords for this name: try again in 15 minutes."))
            // Another name is not held back by bob's.
            #expect(try await Self.signIn(desk, user: "ann", password: "correct+horse").status == .seeOther)
        }
    }

    @Test func aUsersFileThatIsNotOneSaysWhichLine() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("users-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("# the desk's users\nann:$2b$04$abcdefghijklmnopqrstuv\nbob secret\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: DeskUsersError.self) { try DeskUsers.load(path: path) }
        do {
            _ = try DeskUsers.load(path: path)
        } catch {
            #expect("\(error)".contains("line 3: not 'name:bcrypt-hash'"))
        }
        #expect(throws: DeskUsersError.self) { try DeskUsers.add(name: "ann", password: "short", to: path) }
        #expect(throws: DeskUsersError.self) { try DeskUsers.add(name: "../ann", password: "long enough", to: path) }
    }
}

/// Wrong passwords, counted by name, with the time given.
@Suite struct SignInThrottleTests {
    @Test func fiveWrongPasswordsLockTheNameForAWindowFromTheFirst() {
        var throttle = SignInThrottle()
        let start = ContinuousClock.now
        for minute in 0..<4 { throttle.failed("ann", at: start + .seconds(minute * 60)) }
        #expect(throttle.wait(for: "ann", at: start + .seconds(240)) == nil)
        throttle.failed("ann", at: start + .seconds(240))
        #expect(throttle.wait(for: "ann", at: start + .seconds(300)) == .seconds(600))
        #expect(throttle.wait(for: "bob", at: start + .seconds(300)) == nil)
        // A window after the first, one of the five has aged out.
        #expect(throttle.wait(for: "ann", at: start + .seconds(900)) == nil)
        throttle.failed("ann", at: start + .seconds(900))
        #expect(throttle.wait(for: "ann", at: start + .seconds(901)) == .seconds(59))
        throttle.succeeded("ann")
        #expect(throttle.wait(for: "ann", at: start + .seconds(902)) == nil)
    }

    @Test func madeUpNamesCannotFillMemory() {
        var throttle = SignInThrottle()
        let start = ContinuousClock.now
        for index in 0..<(SignInThrottle.names + 50) { throttle.failed("name\(index)", at: start) }
        #expect(throttle.namesKept == SignInThrottle.names)
        for _ in 0..<SignInThrottle.limit { throttle.failed("ann", at: start) }
        #expect(throttle.wait(for: "ann", at: start) != nil && throttle.namesKept == SignInThrottle.names)
    }
}
