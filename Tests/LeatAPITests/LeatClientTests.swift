import HTTPKit
import LeatAPI
import Sandbox
import Testing

/// The Leat client against the in-process sandbox, over real HTTP.
@Suite(.timeLimit(.minutes(5))) struct LeatClientTests {
    /// Runs `body` with a client of a fresh sandbox.
    static func with(
        _ configure: (inout SandboxConfiguration) -> Void = { _ in }, token: String = "sandbox-token",
        url: (String) -> String = { $0 }, _ body: (LeatClient) async throws -> Void
    ) async throws {
        var settings = SandboxConfiguration()
        configure(&settings)
        let sandbox = try await SandboxServer.start(configuration: settings)
        let client = LeatClient(configuration: try LeatConfiguration(baseURL: url(sandbox.leatBaseURL), token: token), concurrency: 4)
        do {
            try await body(client)
        } catch {
            try await client.shutdown()
            await sandbox.stop()
            throw error
        }
        try await client.shutdown()
        await sandbox.stop()
    }

    @Test func findOrCreateUpdateAndFind() async throws {
        try await Self.with { client in
            let uuid = try await client.findOrCreate(email: "anne+news@example.com").value
            #expect(try await client.findOrCreate(email: "anne+news@example.com").value == uuid)
            _ = try await client.update(uuid: uuid, attributes: [("firstname", "Anne"), ("city", "Liège")])
            let found = try #require(try await client.find(email: "anne+news@example.com").value)
            #expect(found.uuid == uuid)
            #expect(found.email == "anne+news@example.com")
            #expect(found.currentValues["firstname"] == "Anne")
            #expect(found.currentValues["city"] == "Liège")
            #expect(try await client.find(email: "nobody@example.com").value == nil)
        }
    }

    @Test func aConnectionClosedUnansweredIsSaidInWords() async throws {
        try await Self.with({ $0.dropRate = 1 }) { client in
            let error = await #expect(throws: LeatError.self) { try await client.findOrCreate(email: "anne@example.com") }
            #expect(error?.kind == .noAnswer)
            #expect(error?.message == "the server closed the connection before it answered")
        }
    }

    /// Said at once: a connection that cannot be made fails its request, for the retry policy to
    /// retry, rather than wait for the connect timeout (10 s) while the client tries again.
    @Test func httpsToAServerWithoutTLSSaysSoAtOnce() async throws {
        try await Self.with(url: { "https" + $0.dropFirst("http".count) }) { client in
            let error = await #expect(throws: LeatError.self) { try await client.contactAttributes() }
            #expect(error?.kind == .noAnswer)
            #expect(error?.message.hasPrefix("no TLS at 127.0.0.1:") == true, "\(error?.message ?? "")")
            #expect(error?.message.hasSuffix("the server there speaks plain HTTP (for a server on this machine, use http://)") == true)
        }
    }

    @Test func leatErrorsAreTyped() async throws {
        try await Self.with { client in
            let uuid = try await client.create(email: "bob@example.com", referralCode: nil).value
            #expect(uuid?.count == 36)
            let exists = await #expect(throws: LeatError.self) { try await client.create(email: "bob@example.com", referralCode: nil) }
            #expect(exists?.code == 60005)
            #expect(exists?.status == 400)
            #expect(exists?.message == "Contact already exists.")
            let invalid = await #expect(throws: LeatError.self) {
                try await client.update(uuid: uuid ?? "", attributes: [("created_at", "x")])
            }
            #expect(invalid?.code == 1003)
            #expect(invalid?.message.contains("attributes.created_at") == true)
        }
    }

    /// Leat's `errors` in each shape it has been seen in: the code and message are kept whatever
    /// the shape, and the detail where there is one.
    @Test(arguments: LeatErrorsStyle.allCases)
    func errorCodesSurviveEveryShapeOfErrors(style: LeatErrorsStyle) async throws {
        try await Self.with({
            $0.errorsStyle = style
            $0.usageLimit = 1
        }) { client in
            #expect(try await client.find(email: "nobody@example.com").value == nil)  // 55031
            let uuid = try #require(try await client.create(email: "bob@example.com", referralCode: nil).value)
            let exists = await #expect(throws: LeatError.self) { try await client.create(email: "bob@example.com", referralCode: nil) }
            #expect(exists?.code == 60005)
            #expect(exists?.message.hasPrefix("Contact already exists.") == true)
            let full = await #expect(throws: LeatError.self) { try await client.findOrCreate(email: "carol@example.com") }
            #expect(full?.code == 60000)
            let invalid = await #expect(throws: LeatError.self) { try await client.update(uuid: uuid, attributes: [("created_at", "x")]) }
            #expect(invalid?.code == 1003)
            #expect(invalid?.message.hasPrefix("Invalid input.") == true)
            #expect(invalid?.message.contains("attributes.created_at") == (style == .arrays || style == .strings))
        }
    }

    @Test func contactAttributesListDefaultsSystemValuesAndCustomOnes() async throws {
        try await Self.with { client in
            let uuid = try await client.findOrCreate(email: "anne@example.com").value
            let made = try await client.createContactAttribute(name: "favourite_colour", label: "Favourite colour", type: "text").value
            #expect(made == ContactAttribute(name: "favourite_colour", label: "Favourite colour", type: "text"))
            _ = try await client.update(uuid: uuid, attributes: [("favourite_colour", "blue")])
            let attributes = try await client.contactAttributes().value
            #expect(
                attributes.first { $0.name == "firstname" }
                    == ContactAttribute(name: "firstname", label: "Firstname", type: "text", isReadOnly: false))
            #expect(attributes.first { $0.name == "birthdate" }?.type == "birth_date")
            #expect(attributes.first { $0.name == "email" }?.isReadOnly == true)
            #expect(attributes.contains { $0.name == "favourite_colour" && !$0.isReadOnly })
        }
    }

    @Test func wrongTokenIs401WithoutACode() async throws {
        try await Self.with(token: "wrong") { client in
            let error = await #expect(throws: LeatError.self) { try await client.findOrCreate(email: "a@example.com") }
            #expect(error?.kind == .http)
            #expect(error?.status == 401)
        }
    }

    @Test func throttlingCarriesRetryAfterAndRemaining() async throws {
        try await Self.with({
            $0.rateLimit = 2
            $0.rateLimitWindow = .seconds(30)
        }) { client in
            let first = try await client.findOrCreate(email: "a@example.com")
            #expect(first.rateLimit == 2)
            #expect(first.rateLimitRemaining == 1)
            _ = try await client.findOrCreate(email: "b@example.com")
            let error = await #expect(throws: LeatError.self) { try await client.findOrCreate(email: "c@example.com") }
            #expect(error?.status == 429)
            #expect((25...30).contains(error?.retryAfter ?? 0))
        }
    }

    @Test func aDroppedConnectionIsNoAnswer() async throws {
        try await Self.with({ $0.dropRate = 1 }) { client in
            let error = await #expect(throws: LeatError.self) { try await client.findOrCreate(email: "a@example.com") }
            #expect(error?.kind == .noAnswer)
        }
    }

    @Test func configurationRefusesPlainHTTPToRemoteHostsAndEmptyTokens() throws {
        #expect(throws: ConfigurationError.self) { try LeatConfiguration(baseURL: "http://api.piggy.eu/api/v3/oauth/clients", token: "t") }
        // A name that starts like a loopback address is anyone's: no plain http:// to it.
        #expect(throws: ConfigurationError.self) {
            try LeatConfiguration(baseURL: "http://127.evil.example/api/v3/oauth/clients", token: "t")
        }
        #expect(throws: ConfigurationError.self) { try LeatConfiguration(token: "") }
        #expect(
            try LeatConfiguration(baseURL: "http://127.0.0.1:8080/api/v3/oauth/clients/", token: "t").baseURL
                == "http://127.0.0.1:8080/api/v3/oauth/clients")
        #expect(try LeatConfiguration(baseURL: "http://localhost:1/x", token: "t").baseURL == "http://localhost:1/x")
        let fromEnvironment = try LeatConfiguration.fromEnvironment(["LEAT_API_TOKEN": "secret"])
        #expect(fromEnvironment.baseURL == LeatConfiguration.defaultURL)
        let error = #expect(throws: ConfigurationError.self) {
            try LeatConfiguration.fromEnvironment(["LEAT_API_URL": "http://example.com/api", "LEAT_API_TOKEN": "secret"])
        }
        #expect(error?.message.contains("secret") == false)
        #expect(error?.message.contains("use https://") == true)
    }
}

/// What a server says is passed on capped, on one line and without the client's secrets.
@Suite(.timeLimit(.minutes(5))) struct ServerTextTests {
    @Test func secretsAreRedactedBeforeTheCap() {
        let text = ServerText(hiding: ["s3cret-token", "ab"])
        #expect(text.shown("Unauthenticated: s3cret-token is unknown; ab") == "Unauthenticated: [redacted] is unknown; ab")
    }

    @Test func aMegabyteOfMessageIsCutOnACharacterBoundary() {
        let shown = ServerText(hiding: []).shown(String(repeating: "é", count: 600_000))
        #expect(shown.utf8.count <= ServerText.maxBytes)
        #expect(shown.hasSuffix("…"))
        #expect(shown.dropLast().allSatisfy { $0 == "é" })
    }

    @Test func controlCharactersBecomeSpaces() {
        #expect(ServerText(hiding: []).shown("a\r\nb\u{1B}[31mc\u{85}") == "a  b [31mc ")
    }
}
