import Foundation
import Hummingbird
import HummingbirdAuth

/// What the desk's session cookie stands for: who signed in. Sessions are kept in the server's
/// memory: a restarted desk asks everyone to sign in again.
struct DeskSession: Codable, Sendable {
    var user: String
}

/// The desk's request context: the router's, with the session.
struct DeskContext: SessionRequestContext {
    var coreContext: CoreRequestContextStorage
    let sessions: SessionContext<DeskSession>

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        sessions = .init()
    }
}

/// The person a request is for, while the desk handles it: their name when the desk has sign-in,
/// `local` when it listens on this machine only and has none.
enum SignedIn {
    @TaskLocal static var user: String?

    static var name: String { user ?? "local" }
}

/// With a users file, every page but the sign-in page (and the stylesheet and script it uses)
/// needs a signed-in user: anyone else is sent to `/sign-in`.
struct SignInMiddleware: RouterMiddleware {
    typealias Context = DeskContext
    let users: DeskUsers?
    static let open: Set<String> = ["/sign-in", "/desk.css", "/desk.js"]

    func handle(_ request: Request, context: DeskContext, next: (Request, DeskContext) async throws -> Response) async throws -> Response {
        guard let users else { return try await next(request, context) }
        if let name = context.sessions.session?.user, users.contains(name) {
            return try await SignedIn.$user.withValue(name) { try await next(request, context) }
        }
        if Self.open.contains(request.uri.path) { return try await next(request, context) }
        return Response(status: .seeOther, headers: [.location: "/sign-in"])
    }
}

/// The sign-in page, its form, and signing out.
struct SignInRoutes: Sendable {
    let desk: DeskRoutes
    let users: DeskUsers
    let attempts = SignInAttempts()

    /// How long a session lasts without signing in again.
    static let sessionLength = Duration.seconds(12 * 60 * 60)

    func add(to router: Router<DeskContext>) {
        router.get("/sign-in") { _, _ in page(.ok, problem: nil) }
        router.post("/sign-in") { request, context in
            let body = try await request.body.collect(upTo: 1 << 14)
            guard desk.fromThisDesk(request), let form = try? URLEncodedFormDecoder().decode(SignInForm.self, from: String(buffer: body)),
                  form.csrf == desk.csrf else { return desk.forbidden() }
            if let wait = attempts.wait(for: form.user) {
                let minutes = Int((wait.components.seconds + 59) / 60)
                return page(.tooManyRequests, problem: "Too many wrong passwords for this name: try again in \(minutes) minute\(minutes == 1 ? "" : "s").")
            }
            guard await users.verify(name: form.user, password: form.password) else {
                attempts.failed(form.user)
                return page(.unauthorized, problem: "That name and password do not match a user of this desk.")
            }
            attempts.succeeded(form.user)
            context.sessions.createSession(DeskSession(user: form.user), expiresIn: Self.sessionLength)
            return Response(status: .seeOther, headers: [.location: "/"])
        }
        router.post("/sign-out") { request, context in
            let body = try await request.body.collect(upTo: 1 << 14)
            let form = try? URLEncodedFormDecoder().decode([String: String].self, from: String(buffer: body))
            guard desk.fromThisDesk(request), form?["csrf"] == desk.csrf else { return desk.forbidden() }
            context.sessions.clearSession()
            return Response(status: .seeOther, headers: [.location: "/sign-in"])
        }
    }

    private func page(_ status: HTTPResponse.Status, problem: String?) -> Response {
        var context: [String: Any] = ["csrf": desk.csrf]
        if let problem { context["problem"] = problem }
        return HTMLPage.response(status, desk.pages.render("sign-in", title: "Sign in", context))
    }
}

/// The sign-in form as posted.
struct SignInForm: Decodable {
    var csrf: String
    var user: String
    var password: String
}
