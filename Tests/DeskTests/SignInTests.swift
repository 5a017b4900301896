import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

@testable import Desk

/// Signing in to a desk that has a users file, and the file itself.
@Suite(.timeLimit(.minutes(5))) struct SignInTests {
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

    static func signIn(_ desk: DeskHarness, user: String, password: String, csrf: String? = nil, origin: String? = nil) async throws
        -> TestResponse
    {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let cookie = desk.preSession { headers[.cookie] = cookie }
        if let origin { headers[.origin] = origin }
        return try await desk.client.execute(
            uri: "/sign-in", method: .post, headers: headers,
            body: ByteBuffer(string: "csrf=\(csrf ?? desk.csrf)&user=\(user)&password=\(password)"))
    }

    /// The session cookie (`desk_session=…`) a sign-in answer sets.
    static func session(of answer: TestResponse) throws -> String {
        let cookies = answer.headers[values: .setCookie]
        return try #require(cookies.first { $0.hasPrefix("desk_session=") }.map { String($0.split(separator: ";")[0]) })
    }

    /// The form token of the page at `path` for the session `cookie`.
    static func token(_ desk: DeskHarness, session cookie: String, path: String = "/") async throws -> String {
        let page = try await desk.client.execute(uri: path, method: .get, headers: [.cookie: cookie])
        return try #require(DeskHarness.value(after: #"name="csrf" value=""#, in: String(buffer: page.body)))
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
            let cookie = try #require(signedIn.headers[values: .setCookie].first { $0.hasPrefix("desk_session=") })
            #expect(signedIn.status == .seeOther && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            let session = String(cookie.split(separator: ";")[0])
            let token = try await Self.token(desk, session: session)
            #expect(token != desk.csrf, "the session's forms have a token of their own, not the sign-in page's")
            let home = try await desk.client.execute(uri: "/", method: .get, headers: [.cookie: session])
            #expect(home.status == .ok && String(buffer: home.body).contains("ann <button type=\"submit\">Sign out</button>"))
            #expect(!String(buffer: home.body).contains("correct horse"))

            // Who uploaded a file is in the list of jobs.
            var headers: HTTPFields = [.contentType: "multipart/form-data; boundary=----desk-test-7Hq", .cookie: session]
            let uploaded = try await desk.client.execute(
                uri: "/uploads", method: .post, headers: headers,
                body: ByteBuffer(
                    bytes: DeskHarness.multipart(
                        csrf: token, fileName: "people.csv",
                        bytes: Array("email\na@example.com\n".utf8))))
            #expect(uploaded.status == .seeOther)
            let list = String(buffer: try await desk.client.execute(uri: "/", method: .get, headers: [.cookie: session]).body)
            #expect(list.contains("<td><a href=\"/jobs/") && list.contains("people.csv</a></td><td>contacts</td><td>ann</td>"))

            headers = [.contentType: "application/x-www-form-urlencoded", .cookie: session]
            #expect(
                try await desk.client.execute(
                    uri: "/sign-out", method: .post, headers: headers, body: ByteBuffer(string: "csrf=\(desk.csrf)")
                ).status == .forbidden,
                "the sign-in page's token is not the session's")
            let out = try await desk.client.execute(
                uri: "/sign-out", method: .post, headers: headers, body: ByteBuffer(string: "csrf=\(token)"))
            #expect(out.status == .seeOther && out.headers[values: .setCookie].contains { $0.hasPrefix("desk_session=") })
            #expect(
                out.headers[values: .setCookie].contains { $0.hasPrefix("desk_form=") && !$0.contains(desk.csrf) },
                "a new sign-in token after signing out")
            #expect(try await desk.client.execute(uri: "/", method: .get, headers: [.cookie: session]).status == .seeOther)
        }
    }

    /// An upgrade of the desk (a new server on the same data directory) signs no one out; signing
    /// out ends the session for good, also for the desk after that.
    @Test func aSessionOutlivesARestartAndSigningOutEndsItForGood() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("desk-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let users = try Self.users()
        let session = Mutex("")
        try await DeskHarness.with(users: users, dataDirectory: folder) { desk in
            let signedIn = try await Self.signIn(desk, user: "ann", password: "correct+horse")
            let cookie = try Self.session(of: signedIn)
            session.withLock { $0 = cookie }
        }
        let cookie = session.withLock { $0 }
        try await DeskHarness.with(users: users, dataDirectory: folder) { desk in
            let home = try await desk.client.execute(uri: "/", method: .get, headers: [.cookie: cookie])
            #expect(home.status == .ok && String(buffer: home.body).contains("ann <button"), "still signed in after the restart")
            let token = try await Self.token(desk, session: cookie)
            let out = try await desk.client.execute(
                uri: "/sign-out", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie], body: ByteBuffer(string: "csrf=\(token)"))
            #expect(out.status == .seeOther)
        }
        try await DeskHarness.with(users: users, dataDirectory: folder) { desk in
            let home = try await desk.client.execute(uri: "/", method: .get, headers: [.cookie: cookie])
            #expect(home.status == .seeOther && home.headers[.location] == "/sign-in", "signed out stays signed out")
        }
    }

    @Test func fiveWrongPasswordsAndEvenTheRightOneIsRefusedForAWhile() async throws {
        try await DeskHarness.with(users: try Self.users()) { desk in
            for _ in 0..<SignInThrottle.limit {
                #expect(try await Self.signIn(desk, user: "bob", password: "guess+\(UUID().uuidString.prefix(6))").status == .unauthorized)
            }
            let refused = try await Self.signIn(desk, user: "bob", password: "battery+staple")
            #expect(refused.status == .tooManyRequests && !refused.headers[values: .setCookie].contains { $0.hasPrefix("desk_session=") })
            #expect(
                String(buffer: refused.body).contains("Too many wrong passwords for this name from this computer: try again in 15 min.")
            )
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

/// Sign-in attempts, counted by name and address, with the time given.
@Suite(.timeLimit(.minutes(5))) struct SignInThrottleTests {
    @Test func fiveAttemptsLockTheNameFromThatAddressForAWindowFromTheFirst() {
        var throttle = SignInThrottle()
        let start = ContinuousClock.now
        for minute in 0..<5 { #expect(throttle.begin("ann", from: "10.0.0.1", at: start + .seconds(minute * 60)) == nil) }
        #expect(throttle.begin("ann", from: "10.0.0.1", at: start + .seconds(300)) == .seconds(600))
        // Whoever knows ann's password signs in from another address; another name is not held back.
        #expect(throttle.begin("ann", from: "10.0.0.2", at: start + .seconds(300)) == nil)
        #expect(throttle.begin("bob", from: "10.0.0.1", at: start + .seconds(300)) == nil)
        // A window after the first, one of the five has aged out.
        #expect(throttle.begin("ann", from: "10.0.0.1", at: start + .seconds(900)) == nil)
        #expect(throttle.begin("ann", from: "10.0.0.1", at: start + .seconds(901)) == .seconds(59))
        throttle.succeeded("ann", from: "10.0.0.1")
        #expect(throttle.begin("ann", from: "10.0.0.1", at: start + .seconds(902)) == nil)
    }

    @Test func anAttemptCountsFromWhenItBeginsSoAttemptsMadeAtOnceCannotSlipPast() {
        var throttle = SignInThrottle()
        let now = ContinuousClock.now
        #expect((0..<40).filter { _ in throttle.begin("bob", from: "10.0.0.1", at: now) == nil }.count == SignInThrottle.limit)
    }

    @Test func madeUpNamesCannotFillMemory() {
        var throttle = SignInThrottle()
        let start = ContinuousClock.now
        for index in 0..<(SignInThrottle.names + 50) { _ = throttle.begin("name\(index)", from: "10.0.0.1", at: start) }
        #expect(throttle.namesKept == SignInThrottle.names)
        for _ in 0..<SignInThrottle.limit { _ = throttle.begin("ann", from: "10.0.0.1", at: start) }
        #expect(throttle.begin("ann", from: "10.0.0.1", at: start) != nil && throttle.namesKept == SignInThrottle.names)
    }
}
