import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// The HTTP side both API clients share: one async-http-client for up to `concurrency` requests
/// in flight, one deadline per request, and answers read whole.
///
/// HTTP/1.1 keep-alive, with the connection pool sized to the concurrency (async-http-client's
/// default of 8 connections per host would silently cap throughput), and no tracing (with no
/// tracer bootstrapped, span attributes would be built for nothing: ~5% of the CPU). Redirects
/// are not followed: a 3xx is an answer (``APIResponse/statusText`` names where it points), so a
/// server cannot send the credentials to another host, or over plain `http://`.
package final class APITransport: Sendable {
    private let http: HTTPClient
    private let timeout: Duration

    /// `timeout` is the whole request's: connecting, sending, the answer's head and its body.
    package init(concurrency: Int, timeout: Duration) {
        var settings = HTTPClient.Configuration()
        settings.httpVersion = .http1Only
        settings.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, concurrency))
        // A connection that cannot be made fails the requests waiting for it, at once: the retry
        // policy retries them, counted, where the pool would try again unseen until the connect
        // timeout, so that a wrong port took 10 s an attempt to say "connection refused".
        settings.connectionPool.retryConnectionEstablishment = false
        settings.timeout = .init(connect: min(.seconds(10), TimeAmount(timeout)))
        settings.redirectConfiguration = .disallow
        settings.tracing.tracer = nil
        http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: settings)
        self.timeout = timeout
    }

    /// Closes the connections.
    package func shutdown() async throws {
        try await http.shutdown()
    }

    /// Sends `method` to `url` with `headers` and, when given, a JSON `body`, and reads its
    /// answer's body (at most 16 MiB), all within the timeout. Throws ``NoAnswer``, saying what went
    /// wrong in words, when no whole answer came (connection refused or dropped, the deadline
    /// passed — a body dripping in or promising more than it sends included).
    ///
    /// async-http-client's `EventLoopFuture` interface, not its `async` one: its deadline covers the
    /// whole answer, where the `async` one's ends with the answer's head and the body would need a
    /// task and a timer of its own, a request.
    package func send(_ method: HTTPMethod, _ url: String, headers: RequestHeaders, body: ByteBuffer? = nil) async throws(NoAnswer)
        -> APIResponse
    {
        let request: HTTPClient.Request
        do {
            request = try HTTPClient.Request(
                url: url, method: method, headers: body == nil ? headers.plain : headers.json,
                body: body.map { .byteBuffer($0) })
        } catch {
            throw NoAnswer(error, host: url, timeout: timeout)
        }
        let task = http.execute(
            request: request, delegate: ResponseAccumulator(request: request, maxBodySize: 16 << 20),
            deadline: .now() + TimeAmount(timeout))
        do {
            let response = try await withTaskCancellationHandler {
                try await task.futureResult.get()
            } onCancel: {
                task.cancel()
            }
            return APIResponse(status: Int(response.status.code), headers: response.headers, body: response.body ?? ByteBuffer())
        } catch {
            throw NoAnswer(error, host: "\(request.host):\(request.port)", timeout: timeout)
        }
    }
}

/// The headers of a client's requests, built once: those of every request, and with a JSON body.
package struct RequestHeaders: Sendable {
    package let plain: HTTPHeaders
    package let json: HTTPHeaders

    /// `base` and `Accept: application/json`; with a body, `Content-Type: application/json` too.
    package init(_ base: HTTPHeaders) {
        var plain = base
        plain.add(name: "Accept", value: "application/json")
        var json = plain
        json.add(name: "Content-Type", value: "application/json")
        self.plain = plain
        self.json = json
    }
}

/// An answer as both APIs give it: status, headers (with their rate-limit hints) and body.
package struct APIResponse: Sendable {
    package var status: Int
    package var headers: HTTPHeaders
    package var body: ByteBuffer

    /// Whether the status is 2xx.
    package var isSuccess: Bool { (200..<300).contains(status) }
    /// `X-RateLimit-Limit`, when sent.
    package var rateLimit: Int? { headers.first(name: "X-RateLimit-Limit").flatMap { Int($0) } }
    /// `X-RateLimit-Remaining`, when sent.
    package var rateLimitRemaining: Int? { headers.first(name: "X-RateLimit-Remaining").flatMap { Int($0) } }
    /// Seconds to wait, from `Retry-After` (delay-seconds), when sent and a number of seconds from
    /// 0 to a day; `nan`, `inf`, negative or unreadable values are ignored, larger ones cut to a day
    /// (the retry policy decides what a wait that long means).
    package var retryAfter: Double? {
        guard let text = headers.first(name: "Retry-After"), let seconds = Double(text.trimmingCharacters(in: .whitespaces)),
            seconds.isFinite, seconds >= 0
        else { return nil }
        return min(seconds, Self.longestRetryAfter)
    }

    static let longestRetryAfter = 86_400.0

    /// The status as a message: its reason phrase; for a redirect, where it points, since
    /// redirects are not followed.
    package var statusText: String {
        let reason = HTTPResponseStatus(statusCode: status).reasonPhrase
        guard (300..<400).contains(status) else { return reason }
        let location = headers.first(name: "Location") ?? "nowhere"
        return "\(reason): redirected to \(location), which is not followed; set the API URL to the address that answers"
    }
}
