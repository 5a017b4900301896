/// Everything the sandbox can be told at start: address, credentials, limits, faults and seed data.
public struct SandboxConfiguration: Sendable {
    /// Host to bind (loopback by default).
    public var host = "127.0.0.1"
    /// Port to bind; 0 picks a free one (the chosen port is printed and passed to `onRunning`).
    public var port = 0
    /// Bearer tokens Leat accepts.
    public var leatTokens: [String] = ["sandbox-token"]
    /// Capillary users for Basic auth, `username` → plain password (the client sends its MD5).
    public var capillaryUsers: [String: String] = ["sandbox": "sandbox"]
    /// Tokens Capillary accepts in `X-CAP-API-OAUTH-TOKEN`.
    public var capillaryOAuthTokens: [String] = ["sandbox-oauth-token"]
    /// Referral campaign tokens Capillary knows.
    public var campaigns: [String] = ["J0H7Q"]
    /// Requests per window per credential; nil for no limit.
    public var rateLimit: Int?
    /// The rate limit's window, what `X-RateLimit-Limit` counts in: a second, or a minute
    /// (`--rate-limit N/min`, as Laravel's default); tests lengthen it so that exact counts do not
    /// depend on how fast a loaded machine sends.
    public var rateLimitWindow: Duration = .seconds(1)
    /// Total contacts the account may hold before `60000 Usage limit reached`; nil for no limit.
    public var usageLimit: Int?
    /// Share of requests answered with HTTP 500 or 503.
    public var failRate = 0.0
    /// Share of requests whose connection is closed without an answer; half of them after the
    /// request was applied (a lost response).
    public var dropRate = 0.0
    /// Added latency per request, in milliseconds, and its jitter (uniform ±).
    public var latencyMilliseconds = 0
    public var latencyJitterMilliseconds = 0
    /// How long a contact created by an async endpoint stays unseen by `find-one-by`, `get` and
    /// `PUT` (which answer 55031 meanwhile), as when Leat queues the creation; 0: at once.
    public var asyncDelayMilliseconds = 0
    /// The most items a Leat list page holds, whatever `limit` asks (a server that caps it); nil: as asked.
    public var pageCap: Int?
    /// The shape of the `errors` field of Leat's error bodies.
    public var errorsStyle = LeatErrorsStyle.arrays
    /// The most characters a text attribute's value may have (longer: 1003, as Laravel's `max`
    /// rule says it); nil: any. Leat's own limit is not documented; this is how a row the API
    /// refuses for its data, though no check before sending could know it, is met.
    public var maxTextLength: Int?
    /// Custom contact attributes the account has at start, besides Leat's defaults.
    public var attributes: [SandboxAttribute] = []
    /// Shops the account has at start.
    public var seedShops = 1
    /// Loyalty transactions generated at start, spread over the last 30 days, on the seeded
    /// contacts (some are made when there are none) and shops.
    public var seedTransactions = 0
    /// Credits one unit of a credit reception's `unit_value` earns (the loyalty rule).
    public var creditsPerUnit = 1.0
    /// A credit reception of more credits than this, either way, is refused with 1015; nil: no limit.
    public var maxCredits: Int?
    /// Whether listed loyalty transactions show their custom attributes as top-level keys (a
    /// credit reception's own answer always does): not known of the real API.
    public var echoTransactionAttributes = true
    /// How the `type` filter of `GET loyalty-transactions` is read: not known of the real API.
    public var typeFilter = TransactionTypeFilter.plural
    /// Share of credit receptions answered `60001 creating in progress` although they were made.
    public var receptionInProgressRate = 0.0
    /// Seed for everything random: generated data, uuids, faults.
    public var seed: UInt64 = 1
    /// Contacts (with referrals and tiers) generated at start.
    public var seedContacts = 0
    /// Capillary customers generated at start (mobiles 9190000000001 and up, emails customer1@example.com …).
    public var seedCustomers = 0

    public init() {}

    /// The Leat base URL for a server listening on `port`.
    public func leatBaseURL(port: Int) -> String { "http://\(host):\(port)\(LeatRoutes.basePath)" }
}
