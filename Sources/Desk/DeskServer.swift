import CapillaryAPI
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Jobs
import LeatAPI
import Logging
import TextFormats

/// The import desk, `loyalty-batch serve`: a Hummingbird application whose pages take a marketer
/// from a spreadsheet to a job file, with no terminal flags to learn.
package enum DeskServer {
    /// The application for `configuration`, reading the account's attributes with `leat` and
    /// sending referral invites through `capillary` (none: the desk takes no invites);
    /// `onRunning` gets the port once it listens. Throws when the data directory cannot be made.
    package static func makeApplication(
        configuration: DeskConfiguration, leat: LeatClient, capillary: CapillaryClient? = nil,
        logger: Logger = Logger(label: "loyalty-desk"),
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        try makeApplication(
            configuration: configuration, runs: runs(configuration, leat: leat, capillary: capillary, logger: logger), logger: logger,
            onRunning: onRunning)
    }

    /// Serves the desk until SIGINT or SIGTERM, then stops the runs under way (each resumes from
    /// its report) and waits for them, so that none is cut off by the Leat client closing.
    package static func run(
        configuration: DeskConfiguration, leat: LeatClient, capillary: CapillaryClient?, logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void
    ) async throws {
        let runs = try runs(configuration, leat: leat, capillary: capillary, logger: logger)
        let application = try makeApplication(configuration: configuration, runs: runs, logger: logger, onRunning: onRunning)
        do {
            // The desk's pages, and the runs they start, say settings in words, never as flags.
            try await Wording.$current.withValue(.plain) { try await application.runService() }
        } catch {
            await runs.drain()
            throw error
        }
        await runs.drain()
    }

    /// The runs of the desk, over its database of jobs in the data directory.
    private static func runs(_ configuration: DeskConfiguration, leat: LeatClient, capillary: CapillaryClient?, logger: Logger) throws
        -> DeskRuns
    {
        try FileManager.default.createDirectory(
            atPath: configuration.dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return DeskRuns(
            leat: leat, capillary: capillary, database: try JobDatabase(dataDirectory: configuration.dataDirectory),
            settings: configuration.network, maxRunning: configuration.jobs, logger: logger)
    }

    static func makeApplication(
        configuration: DeskConfiguration, runs: DeskRuns, logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void
    ) throws -> some ApplicationProtocol {
        let leat = runs.leat
        let router = Router(context: DeskContext.self)
        let hosts = ServedHosts(configuration: configuration)
        router.add(middleware: hosts)
        router.add(middleware: SecurityHeaders())
        router.add(middleware: LanguageMiddleware())
        let sessions = SessionStore(database: runs.database)
        let cookie = SessionCookieParameters(name: "desk_session", sameSite: .strict)
        router.add(
            middleware: SessionMiddleware(
                storage: sessions,
                configuration: .init(
                    sessionCookieParameters: cookie, keyPrefix: "desk.",
                    defaultSessionExpiration: SignInRoutes.sessionLength)))
        let signedIn = try SessionRegistry(database: runs.database)
        router.add(middleware: SignInMiddleware(users: configuration.users, sessions: signedIn, deskToken: FormToken.make()))
        let desk = DeskRoutes(
            configuration: configuration, store: try UploadStore(dataDirectory: configuration.dataDirectory), pages: try Pages(),
            attributes: { await writableAttributes(leat) }, runs: runs)
        desk.add(to: router)
        LanguageSwitch.add(to: router)
        if let users = configuration.users { SignInRoutes(desk: desk, users: users, sessions: signedIn).add(to: router) }
        return Application(
            router: router,
            // A connection that sends nothing for a minute is closed, an upload's with it.
            server: .http1(configuration: .init(idleTimeout: .seconds(60))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "loyalty-desk"),
            services: [sessions],
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                hosts.listening(on: port)
                await onRunning(port)
            },
            logger: logger
        )
    }

    /// The names of the account's attributes a row may set.
    static func writableAttributes(_ leat: LeatClient) async -> Result<[String], DeskProblem> {
        do {
            return .success(try await leat.contactAttributes().value.filter { !$0.isReadOnly }.map(\.name))
        } catch {
            return .failure(DeskProblem(message: "\(leat.configuration.baseURL) \(error.outcome(of: "GET contact-attributes"))"))
        }
    }
}

/// Headers on every answer: no script but the desk's own, no sniffing, no framing, no caching.
/// The referrer goes to the desk itself only (`same-origin`): with `no-referrer` a browser names
/// the origin of the desk's own forms `null`, which the desk must refuse (a sandboxed frame's).
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = "default-src 'self'; form-action 'self'; frame-ancestors 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "same-origin"
        response.headers[.cacheControl] = "no-store"
        return response
    }
}

extension HTTPField.Name {
    static let referrerPolicy = Self("Referrer-Policy")!
}
