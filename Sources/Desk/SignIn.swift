import Foundation
import Hummingbird
import HummingbirdAuth
import NIOCore

/// What the desk's session cookie stands for: who signed in, and the token of their forms (which
/// also tells this session from the user's later ones). Sessions are kept in the desk's database
/// (``SessionStore``) for 12 hours: a restarted desk keeps everyone signed in.
struct DeskSession: Codable, Sendable {
    var user: String
    var csrf: String
}

/// The desk's request context: the router's, with the session and the client's address.
struct DeskContext: SessionRequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let sessions: SessionContext<DeskSession>
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        sessions = .init()
        remoteAddress = source.channel.remoteAddress
    }

    /// The client's address as text, for the sign-in throttle.
    var clientAddress: String { remoteAddress?.ipAddress ?? "unknown" }
}

/// The person a request is for, while the desk handles it: their name when the desk has sign-in,
/// `local` when it listens on this machine only and has none.
enum SignedIn {
    @TaskLocal static var user: String?

    static var name: String { user ?? "local" }
}

/// With a users file, every page but the sign-in page (and the stylesheet and script it uses)
/// needs a signed-in user whose session is their latest: anyone else is sent to `/sign-in`. Sets
/// the request's ``FormToken``: the session's, the sign-in page's pre-session one (its cookie made
/// here when missing), or the desk's own when it has no sign-in.
struct SignInMiddleware: RouterMiddleware {
    typealias Context = DeskContext
    let users: DeskUsers?
    let sessions: SessionRegistry
    /// The form token of a desk without sign-in, which only this machine reaches.
    let deskToken: String
    static let open: Set<String> = Set(["/sign-in", "/desk.css", "/desk.js"]).union(LanguageSwitch.paths)

    func handle(_ request: Request, context: DeskContext, next: (Request, DeskContext) async throws -> Response) async throws -> Response {
        guard let users else { return try await FormToken.$current.withValue(deskToken) { try await next(request, context) } }
        if let session = context.sessions.session, users.contains(session.user), sessions.isCurrent(session) {
            return try await SignedIn.$user.withValue(session.user) {
                try await FormToken.$current.withValue(session.csrf) { try await next(request, context) }
            }
        }
        guard Self.open.contains(request.uri.path) else { return Response(status: .seeOther, headers: [.location: "/sign-in"]) }
        let cookie = request.cookies[FormToken.cookie]?.value
        let token = cookie.flatMap { FormToken.isWellFormed($0) ? $0 : nil } ?? FormToken.make()
        var response = try await FormToken.$current.withValue(token) { try await next(request, context) }
        if token != cookie { response.setCookie(Self.preSessionCookie(token)) }
        return response
    }

    /// The cookie of the sign-in page's token.
    static func preSessionCookie(_ token: String) -> Cookie {
        Cookie(name: FormToken.cookie, value: token, path: "/", httpOnly: true, sameSite: .strict)
    }
}

/// The sign-in page, its form, and signing out.
struct SignInRoutes: Sendable {
    let desk: DeskRoutes
    let users: DeskUsers
    let sessions: SessionRegistry
    let attempts = SignInAttempts()

    /// How long a session lasts without signing in again.
    static let sessionLength = Duration.seconds(12 * 60 * 60)

    func add(to router: Router<DeskContext>) {
        router.get("/sign-in") { _, _ in page(.ok, problem: nil) }
        router.post("/sign-in") { request, context in
            let body = try await request.body.collect(upTo: 1 << 14)
            guard desk.fromThisDesk(request), let form = try? URLEncodedFormDecoder().decode(SignInForm.self, from: String(buffer: body)),
                FormToken.matches(form.csrf)
            else { return desk.forbidden() }
            // Counted before the password is checked, so that attempts made at once are all counted.
            if let wait = attempts.begin(form.user, from: context.clientAddress) {
                let minutes = Int((wait.components.seconds + 59) / 60)
                return page(.tooManyRequests, problem: Words.say(.signInTooMany, ["minutes": Words.number(minutes)]))
            }
            guard await users.verify(name: form.user, password: form.password) else {
                return page(.unauthorized, problem: Words.say(.signInWrong))
            }
            attempts.succeeded(form.user, from: context.clientAddress)
            let session = DeskSession(user: form.user, csrf: FormToken.make())
            try await sessions.begin(session)
            context.sessions.createSession(session, expiresIn: Self.sessionLength)
            return Self.leaving(to: "/")
        }
        router.post("/sign-out") { request, context in
            let body = try await request.body.collect(upTo: 1 << 14)
            let form = try? URLEncodedFormDecoder().decode([String: String].self, from: String(buffer: body))
            guard desk.fromThisDesk(request), FormToken.matches(form?["csrf"]) else { return desk.forbidden() }
            if let session = context.sessions.session { try await sessions.end(session) }
            context.sessions.clearSession()
            return Self.leaving(to: "/sign-in")
        }
    }

    /// A redirect to `location` with a new pre-session token: the one a sign-in page showed before
    /// is not used again.
    private static func leaving(to location: String) -> Response {
        var response = Response(status: .seeOther, headers: [.location: location])
        response.setCookie(SignInMiddleware.preSessionCookie(FormToken.make()))
        return response
    }

    private func page(_ status: HTTPResponse.Status, problem: String?) -> Response {
        HTMLPage.response(
            status, desk.pages.render("sign-in", title: Words.say(.titleSignIn), SignInPage(csrf: desk.csrf, problem: problem)))
    }
}

/// The sign-in form as posted.
struct SignInForm: Decodable {
    var csrf: String
    var user: String
    var password: String
}
