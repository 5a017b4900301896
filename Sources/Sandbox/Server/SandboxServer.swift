import Hummingbird
import Logging
import ServiceLifecycle

/// Builds and runs the sandbox: a Hummingbird application serving Leat under
/// `/api/v3/oauth/clients`, Capillary under `/v1.1`, and its own `/_sandbox` endpoints.
public enum SandboxServer {
    /// The application for `configuration`; `onRunning` gets the port once it listens.
    public static func makeApplication(
        configuration: SandboxConfiguration,
        logger: Logger = Logger(label: "loyalty-sandbox"),
        onRunning: @escaping @Sendable (Int) async -> Void
    ) -> some ApplicationProtocol {
        let leat = LeatStore(
            seed: configuration.seed, usageLimit: configuration.usageLimit,
            asyncDelay: .milliseconds(configuration.asyncDelayMilliseconds), attributes: configuration.attributes,
            maxTextLength: configuration.maxTextLength)
        let capillary = CapillaryStore(campaigns: configuration.campaigns)
        let stats = SandboxStats()
        SeedData.contacts(configuration.seedContacts, into: leat, now: Timestamp.now())
        SeedData.customers(configuration.seedCustomers, into: capillary)
        leat.seedShops(configuration.seedShops)
        leat.seedTransactions(configuration.seedTransactions, now: Timestamp.now())

        let router = Router(context: SandboxContext.self)
        router.add(middleware: StatsMiddleware(stats: stats))
        let limiter = configuration.rateLimit.map { RequestLimit(limit: $0, window: configuration.rateLimitWindow) }
        let faults = FaultInjector(configuration: configuration)

        let leatGroup = router.group(RouterPath(LeatRoutes.basePath))
            .add(middleware: ErrorsStyleMiddleware(style: configuration.errorsStyle))
            .add(middleware: LeatAuthMiddleware(tokens: Set(configuration.leatTokens)))
        let capillaryGroup = router.group("v1.1")
            .add(middleware: CapillaryAuthMiddleware(users: configuration.capillaryUsers, oauthTokens: configuration.capillaryOAuthTokens))
        for group in [leatGroup, capillaryGroup] {
            if let limiter { group.add(middleware: RateLimitMiddleware(limiter: limiter, stats: stats)) }
            if faults.isActive { group.add(middleware: FaultMiddleware(injector: faults, stats: stats)) }
        }
        LeatRoutes(store: leat, pageCap: configuration.pageCap).add(to: leatGroup)
        LoyaltyRoutes(store: leat, configuration: configuration, dice: Dice(seed: configuration.seed &+ 26)).add(to: leatGroup)
        CapillaryRoutes(store: capillary).add(to: capillaryGroup)
        AdminRoutes(leat: leat, capillary: capillary, stats: stats).add(to: router.group("_sandbox"))

        return Application(
            router: router,
            server: .http1(configuration: .init(additionalChannelHandlers: [ConnectionDropHandler()])),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "loyalty-sandbox"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger
        )
    }

    /// Starts the sandbox in this process (tests, benchmarks, `--sandbox`) and returns once it listens.
    public static func start(configuration: SandboxConfiguration) async throws -> RunningSandbox {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "loyalty-sandbox")
        logger.logLevel = .warning
        let application = makeApplication(configuration: configuration, logger: logger) { port in
            continuation.yield(port)
            continuation.finish()
        }
        let group = ServiceGroup(configuration: .init(services: [application], gracefulShutdownSignals: [], logger: logger))
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            try await task.value
            throw SandboxStartError(message: "the sandbox stopped before it listened")
        }
        return RunningSandbox(host: configuration.host, port: port, group: group, task: task)
    }
}

extension SandboxServer {
    /// Runs `body` against a sandbox started in this process, and stops it afterwards (also when
    /// `body` throws).
    public static func withRunning<T>(_ configuration: SandboxConfiguration, _ body: (RunningSandbox) async throws -> T) async throws -> T {
        let sandbox = try await start(configuration: configuration)
        do {
            let result = try await body(sandbox)
            await sandbox.stop()
            return result
        } catch {
            await sandbox.stop()
            throw error
        }
    }
}

/// A sandbox running in this process.
public struct RunningSandbox: Sendable {
    public let host: String
    public let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    init(host: String, port: Int, group: ServiceGroup, task: Task<Void, any Error>) {
        self.host = host
        self.port = port
        self.group = group
        self.task = task
    }

    /// `http://host:port`
    public var url: String { "http://\(host):\(port)" }
    /// The value for `LEAT_API_URL`.
    public var leatBaseURL: String { url + LeatRoutes.basePath }
    /// The value for `CAPILLARY_API_URL`.
    public var capillaryBaseURL: String { url }

    /// Shuts the server down gracefully and waits until it has.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }
}

/// The sandbox could not start (for instance, the port is taken).
package struct SandboxStartError: Error, CustomStringConvertible {
    package var message: String
    package var description: String { message }
}
