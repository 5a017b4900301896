import Foundation
import HTTPTypes
import Hummingbird

/// Answers each request in its language (``DeskLanguage/chosen(cookie:acceptLanguage:)``), and
/// keeps the page asked for, where the header's language switch brings the person back to.
struct LanguageMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let language = DeskLanguage.chosen(
            cookie: request.cookies[DeskLanguage.cookie]?.value, acceptLanguage: request.headers[.acceptLanguage])
        // A page a form's post answered has no address to come back to: the switch goes home.
        let back = request.method == .get ? request.uri.path + (request.uri.query.map { "?" + $0 } ?? "") : "/"
        var response = try await DeskLanguage.$current.withValue(language) {
            try await LanguageSwitch.$back.withValue(back) { try await next(request, context) }
        }
        response.headers[.contentLanguage] = language.rawValue
        return response
    }
}

/// The header's links to the page in each language, and the route they go to: it keeps the
/// language in a cookie and goes back to the page (on this desk only).
enum LanguageSwitch {
    /// The page the request asked for (its path and query), when it is one to come back to.
    @TaskLocal static var back = "/"

    /// Each language's link, for the layout.
    static var links: [LayoutPage.LanguageLink] {
        let back = Self.back.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "/-._~"))) ?? "/"
        return DeskLanguage.allCases.map { language in
            LayoutPage.LanguageLink(
                code: language.rawValue, name: language.name, link: "/language/\(language.rawValue)?back=\(back)",
                current: language == DeskLanguage.current)
        }
    }

    /// The paths of the switch, open without signing in (the sign-in page has the switch too).
    static let paths = Set(DeskLanguage.allCases.map { "/language/" + $0.rawValue })

    static func add<Context: RequestContext>(to router: Router<Context>) {
        router.get("/language/:code") { request, context in
            guard let language = context.parameters.get("code").flatMap(DeskLanguage.init(rawValue:)) else {
                return Response(status: .notFound)
            }
            let asked = request.uri.queryParameters.get("back") ?? "/"
            // Only a path of this desk: never `//host` or `/\host`, which a browser takes to another site.
            let back = asked.hasPrefix("/") && !asked.hasPrefix("//") && !asked.hasPrefix("/\\") ? asked : "/"
            var response = Response(status: .seeOther, headers: [.location: back])
            response.setCookie(
                Cookie(
                    name: DeskLanguage.cookie, value: language.rawValue, maxAge: 365 * 24 * 60 * 60, path: "/", httpOnly: true,
                    sameSite: .lax))
            return response
        }
    }
}
