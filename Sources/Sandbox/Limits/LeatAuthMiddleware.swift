import Hummingbird

/// Leat's bearer-token check: 401 `Unauthenticated.` without a known token.
struct LeatAuthMiddleware: RouterMiddleware {
    let tokens: Set<String>

    func handle(_ request: Request, context: SandboxContext, next: (Request, SandboxContext) async throws -> Response) async throws
        -> Response
    {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
            tokens.contains(String(header.dropFirst(7)))
        else {
            throw LeatErrorAnswer.unauthenticated
        }
        var context = context
        context.credential = "leat:" + header.dropFirst(7)
        return try await next(request, context)
    }
}
