import Hummingbird
import Synchronization

/// Requests per window (a second or a minute) per credential, in fixed windows that start with a
/// credential's first request, as Laravel's throttle counts: N + k requests within a window get k
/// answers 429.
final class RequestLimit: Sendable {
    let limit: Int
    let window: Duration
    private let windows = Mutex<[String: (start: ContinuousClock.Instant, count: Int)]>([:])

    init(limit: Int, window: Duration = .seconds(1)) {
        self.limit = limit
        self.window = window
    }

    /// Counts a request; returns whether it is admitted, what remains in the window and, when it
    /// is not admitted, the whole seconds until the window ends (at least 1).
    func admit(_ credential: String, now: ContinuousClock.Instant = .now) -> (admitted: Bool, remaining: Int, retryAfter: Int) {
        windows.withLock { windows in
            var window = windows[credential] ?? (now, 0)
            if now - window.start >= self.window { window = (now, 0) }
            window.count += 1
            windows[credential] = window
            let admitted = window.count <= limit
            let left = window.start + self.window - now
            let retry = max(1, Int((Double(left.components.attoseconds) / 1e18 + Double(left.components.seconds)).rounded(.up)))
            return (admitted, max(0, limit - window.count), retry)
        }
    }
}

/// Applies the ``RequestLimit`` after authentication: `X-RateLimit-Limit`/`-Remaining` on every answer,
/// `429` with `Retry-After` (seconds) and `X-RateLimit-Reset` (the window's end, Unix seconds) past
/// the limit, as Laravel answers. Neither header says how long the window is.
struct RateLimitMiddleware: RouterMiddleware {
    let limiter: RequestLimit
    let stats: SandboxStats

    func handle(_ request: Request, context: SandboxContext, next: (Request, SandboxContext) async throws -> Response) async throws
        -> Response
    {
        let verdict = limiter.admit(context.credential)
        var response: Response
        if verdict.admitted {
            response = try await respond(request, context, next)
        } else {
            stats.countThrottled()
            response = try LeatErrorAnswer(status: .tooManyRequests, message: "Too Many Attempts.").response(
                from: request, context: context)
            response.headers[.retryAfter] = String(verdict.retryAfter)
            response.headers[.rateLimitReset] = String(Timestamp.now() + verdict.retryAfter)
        }
        response.headers[.rateLimitLimit] = String(limiter.limit)
        response.headers[.rateLimitRemaining] = String(verdict.remaining)
        return response
    }
}

/// Runs `next`, turning a thrown ``HTTPResponseError`` into its response so headers can be added to it.
func respond(_ request: Request, _ context: SandboxContext, _ next: (Request, SandboxContext) async throws -> Response) async throws
    -> Response
{
    do {
        return try await next(request, context)
    } catch let error as any HTTPResponseError {
        return try error.response(from: request, context: context)
    }
}
