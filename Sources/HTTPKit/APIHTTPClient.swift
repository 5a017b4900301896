import AsyncHTTPClient
import NIOCore

extension HTTPClient {
    /// A client for an API called with up to `concurrency` requests in flight: HTTP/1.1
    /// keep-alive, with the connection pool sized to that concurrency (async-http-client's default
    /// of 8 connections per host would silently cap throughput), and no tracing (with no tracer
    /// bootstrapped, span attributes would be built for nothing: ~5% of the CPU).
    public static func forAPI(concurrency: Int) -> HTTPClient {
        var settings = HTTPClient.Configuration()
        settings.httpVersion = .http1Only
        settings.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, concurrency))
        settings.timeout = .init(connect: .seconds(10))
        settings.tracing.tracer = nil
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: settings)
    }
}
