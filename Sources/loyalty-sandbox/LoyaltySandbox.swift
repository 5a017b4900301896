import ArgumentParser
import Foundation
import Logging
import NIOCore
import NIOPosix
import Sandbox

/// `loyalty-sandbox`: a local Leat + Capillary API server to try loyalty-batch against with no account.
@main
struct LoyaltySandbox: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loyalty-sandbox",
        abstract: "A local Leat (Piggy) + Capillary API server, with seed data, rate limits and fault injection.",
        discussion: """
            Prints 'listening on http://HOST:PORT' once it serves, then runs until SIGINT/SIGTERM.
            Leat is under /api/v3/oauth/clients, Capillary under /v1.1, stats at /_sandbox/stats.

            Example:
              loyalty-sandbox --port 0 --seed-contacts 1000 --rate-limit 500 --fail-rate 0.05 --latency-ms 20±5
            """
    )

    @Option(help: "Host to bind.") var host = "127.0.0.1"
    @Option(help: "Port to bind (0: any free port).") var port = 8080
    @Option(name: .customLong("token"), help: "A Leat bearer token to accept (repeatable; default sandbox-token).") var tokens: [String] =
        []
    @Option(
        name: .customLong("capillary-user"),
        help: ArgumentHelp("A Capillary user to accept (repeatable; default sandbox:sandbox).", valueName: "user:password"))
    var capillaryUsers: [String] = []
    @Option(name: .customLong("capillary-oauth-token"), help: "A Capillary X-CAP-API-OAUTH-TOKEN to accept (repeatable).") var oauthTokens:
        [String] = []
    @Option(name: .customLong("campaign"), help: "A Capillary referral campaign token (repeatable; default J0H7Q).") var campaigns:
        [String] = []
    @Option(
        help: ArgumentHelp(
            "Requests per window per credential: N or N/s per second, N/min per minute; then 429 with Retry-After and X-RateLimit-Reset.",
            valueName: "N[/s|/min]"))
    var rateLimit: String?
    @Option(help: "Contacts the account may hold before 60000 Usage limit reached.") var usageLimit: Int?
    @Option(help: "Share of requests answered 500/503 (0 to 1).") var failRate = 0.0
    @Option(help: "Share of requests whose connection is closed unanswered, half after applying them (0 to 1).") var dropRate = 0.0
    @Option(help: ArgumentHelp("Added latency per request, e.g. 20 or 20±5 (also 20+-5).", valueName: "ms[±jitter]")) var latencyMs = "0"
    @Option(
        help: "How long a contact created by find-or-create/async or POST contacts/async stays unseen by find-one-by, get and PUT (55031).")
    var asyncDelayMs = 0
    @Option(help: "The most items a Leat list page holds, whatever `limit` asks (a server that caps it).") var pageCap: Int?
    @Option(
        help: "The shape of Leat's `errors` field in error bodies: arrays ({field: [msg]}), strings ({field: msg}), empty ([]) or absent.")
    var errorsStyle = LeatErrorsStyle.arrays
    @Option(
        name: .customLong("attribute"),
        help: ArgumentHelp(
            "A custom contact attribute the account has (repeatable), besides Leat's defaults: e.g. klantnummer, punten:number, gender:select:m|f|x.",
            valueName: "name[:type[:option|option…]]"))
    var attributes: [String] = []
    @Option(help: "Seed for generated data and faults.") var seed: UInt64 = 1
    @Option(help: "Contacts (with referrals and tiers) to generate at start.") var seedContacts = 0
    @Option(help: "Capillary customers to generate at start (mobiles 9190000000001…, emails customer1@example.com…).") var seedCustomers = 0
    @Option(help: "Shops (business profiles) the Leat account has.") var seedShops = 1
    @Option(help: "Loyalty transactions to generate at start, over the last 30 days, on the seeded contacts and shops.")
    var seedTransactions = 0
    @Option(help: "Credits a credit reception's unit_value of 1 earns (the loyalty rule).") var creditsPerUnit = 1.0
    @Option(help: "A credit reception of more credits than this, either way, is refused with 1015.") var maxCredits: Int?
    @Option(help: "A text attribute's value longer than this is refused with 1003 (Leat's limit is not documented).") var maxTextLength:
        Int?
    @Option(
        help: "Whether listed loyalty transactions show their custom attributes as top-level keys: on or off (not known of the real API).")
    var echoTransactionAttributes = "on"
    @Option(
        help:
            "How GET loyalty-transactions reads its type filter: plural (credit_receptions, as Leat's docs), singular (credit_reception, as its Magento module) or ignored."
    )
    var typeFilter = TransactionTypeFilter.plural
    @Option(help: "Share of credit receptions answered 60001 (creating in progress) although they were made (0 to 1).")
    var receptionInProgressRate = 0.0

    func validate() throws {
        guard (0...1).contains(failRate), (0...1).contains(dropRate), failRate + dropRate <= 1 else {
            throw ValidationError("--fail-rate and --drop-rate are shares from 0 to 1, together at most 1")
        }
        if let pageCap, pageCap < 1 { throw ValidationError("--page-cap must be at least 1") }
        guard ["on", "off"].contains(echoTransactionAttributes) else { throw ValidationError("--echo-transaction-attributes is on or off") }
        guard (0...1).contains(receptionInProgressRate) else {
            throw ValidationError("--reception-in-progress-rate is a share from 0 to 1")
        }
        guard seedShops >= 0, seedTransactions >= 0, creditsPerUnit.isFinite, creditsPerUnit >= 0 else {
            throw ValidationError("--seed-shops, --seed-transactions and --credits-per-unit cannot be negative")
        }
        if let maxCredits, maxCredits < 1 { throw ValidationError("--max-credits must be at least 1") }
        if let maxTextLength, maxTextLength < 1 { throw ValidationError("--max-text-length must be at least 1") }
        if !(0...600_000).contains(asyncDelayMs) { throw ValidationError("--async-delay-ms must be between 0 and 600000") }
        guard Self.latency(latencyMs) != nil else {
            throw ValidationError("--latency-ms '\(latencyMs)': expected N or N±J in milliseconds")
        }
        if let rateLimit, Self.rateLimit(rateLimit) == nil {
            throw ValidationError("--rate-limit '\(rateLimit)': expected N (per second), N/s or N/min, N a whole number from 1")
        }
        for attribute in attributes where SandboxAttribute(argument: attribute) == nil {
            throw ValidationError(
                "--attribute '\(attribute)': expected name[:type[:option|option…]], a name of letters, digits and _, a type of \(SandboxAttribute.types.joined(separator: ", "))"
            )
        }
        for user in capillaryUsers where !user.contains(":") {
            throw ValidationError("--capillary-user '\(user)': expected user:password")
        }
    }

    /// Runs Swift concurrency's jobs on NIO's event loops (no thread hop per request), then the command.
    static func main() async {
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        await main(nil)
    }

    func run() async throws {
        var configuration = SandboxConfiguration()
        configuration.host = host
        configuration.port = port
        if !tokens.isEmpty { configuration.leatTokens = tokens }
        if !capillaryUsers.isEmpty {
            configuration.capillaryUsers = Dictionary(
                capillaryUsers.map { user in
                    let colon = user.firstIndex(of: ":")!
                    return (String(user[..<colon]), String(user[user.index(after: colon)...]))
                }, uniquingKeysWith: { _, last in last })
        }
        if !oauthTokens.isEmpty { configuration.capillaryOAuthTokens = oauthTokens }
        if !campaigns.isEmpty { configuration.campaigns = campaigns }
        if let rateLimit { (configuration.rateLimit, configuration.rateLimitWindow) = Self.rateLimit(rateLimit)! }
        configuration.usageLimit = usageLimit
        configuration.failRate = failRate
        configuration.dropRate = dropRate
        (configuration.latencyMilliseconds, configuration.latencyJitterMilliseconds) = Self.latency(latencyMs)!
        configuration.errorsStyle = errorsStyle
        configuration.pageCap = pageCap
        configuration.asyncDelayMilliseconds = asyncDelayMs
        configuration.attributes = attributes.compactMap(SandboxAttribute.init(argument:))
        configuration.seed = seed
        configuration.seedContacts = seedContacts
        configuration.seedCustomers = seedCustomers
        configuration.seedShops = seedShops
        configuration.seedTransactions = seedTransactions
        configuration.creditsPerUnit = creditsPerUnit
        configuration.maxCredits = maxCredits
        configuration.maxTextLength = maxTextLength
        configuration.echoTransactionAttributes = echoTransactionAttributes == "on"
        configuration.typeFilter = typeFilter
        configuration.receptionInProgressRate = receptionInProgressRate

        var logger = Logger(label: "loyalty-sandbox")
        logger.logLevel = .warning
        let configured = configuration
        let app = SandboxServer.makeApplication(configuration: configured, logger: logger) { port in
            let user = configured.capillaryUsers.keys.sorted().first ?? ""
            // Unbuffered, so that a script reading the first line gets it at once.
            FileHandle.standardOutput.write(
                Data(
                    """
                    listening on http://\(configured.host):\(port)
                    Leat:      LEAT_API_URL=\(configured.leatBaseURL(port: port)) LEAT_API_TOKEN=\(configured.leatTokens[0])
                    Capillary: CAPILLARY_API_URL=http://\(configured.host):\(port) CAPILLARY_USERNAME=\(user) CAPILLARY_PASSWORD=(the one given)

                    """.utf8))
        }
        try await app.runService()
    }

    /// Parses `N`, `N/s` or `N/min`: the limit and its window.
    static func rateLimit(_ text: String) -> (Int, Duration)? {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let limit = Int(parts[0]), limit >= 1 else { return nil }
        switch parts.count == 1 ? "s" : parts[1] {
        case "s": return (limit, .seconds(1))
        case "min", "m": return (limit, .seconds(60))
        default: return nil
        }
    }

    /// Parses `N`, `N±J` or `N+-J`.
    static func latency(_ text: String) -> (Int, Int)? {
        let parts = text.replacingOccurrences(of: "+-", with: "±").split(separator: "±", omittingEmptySubsequences: false)
        guard let base = Int(parts[0]), base >= 0 else { return nil }
        if parts.count == 1 { return (base, 0) }
        guard parts.count == 2, let jitter = Int(parts[1]), jitter >= 0 else { return nil }
        return (base, jitter)
    }
}

extension LeatErrorsStyle: ExpressibleByArgument {}
extension TransactionTypeFilter: ExpressibleByArgument {}
