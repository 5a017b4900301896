import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// The HTTP side both API clients share: one async-http-client for up to `concurrency` requests
/// in flight, a time limit per request, and answers read whole.
///
/// HTTP/1.1 keep-alive, with the connection pool sized to the concurrency (async-http-client's
/// default of 8 connections per host would silently cap throughput), and no tracing (with no
/// tracer bootstrapped, span attributes would be built for nothing: ~5% of the CPU).
public final class APITransport: Sendable {
    private let http: HTTPClient
    private let timeout: TimeAmount

    public init(concurrency: Int, timeout: Duration) {
        var settings = HTTPClient.Configuration()
        settings.httpVersion = .http1Only
        settings.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, concurrency))
        settings.timeout = .init(connect: .seconds(10))
        settings.tracing.tracer = nil
        http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: settings)
        self.timeout = TimeAmount(timeout)
    }

    /// Closes the connections.
    public func shutdown() async throws {
        try await http.shutdown()
    }

    /// Sends `request` and reads its answer's body (at most 16 MiB). Throws what went wrong when
    /// no whole answer came (connection refused or dropped, time limit): the caller's "no answer".
    public func send(_ request: HTTPClientRequest) async throws -> APIResponse {
        let response = try await http.execute(request, timeout: timeout)
        let body = try await response.body.collect(upTo: 16 << 20)
        return APIResponse(status: Int(response.status.code), headers: response.headers, body: body)
    }
}

/// An answer as both APIs give it: status, headers (with their rate-limit hints) and body.
public struct APIResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: ByteBuffer

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }
    /// `X-RateLimit-Limit`, when sent.
    public var rateLimit: Int? { headers.first(name: "X-RateLimit-Limit").flatMap { Int($0) } }
    /// `X-RateLimit-Remaining`, when sent.
    public var rateLimitRemaining: Int? { headers.first(name: "X-RateLimit-Remaining").flatMap { Int($0) } }
    /// Seconds to wait, from `Retry-After`, when sent.
    public var retryAfter: Double? { headers.first(name: "Retry-After").flatMap { Double($0) } }
}
