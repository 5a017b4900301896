import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

// The benchmark's floor for the import's client CPU: the same requests as `import contacts`
// sends row by row (GET find-or-create/async, then PUT the row's attributes), with nothing else:
// no file read, no mapping, no checks, no report. `make bench` runs it beside the import and the
// aiohttp importer, through each of two HTTP stacks:
// - `ahc`: async-http-client, configured and called as `APITransport` does (the import's floor);
// - `nio`: NIO's HTTP/1.1 codec on one keep-alive connection per request in flight, no client
//   library (the floor of an HTTP client of our own; no TLS, pool, timeouts or redirects).
//
// Usage: http-floor BASE_URL TOKEN ROWS CONCURRENCY ahc|nio

let arguments = CommandLine.arguments
guard arguments.count == 6, let rows = Int(arguments[3]), let concurrency = Int(arguments[4]), ["ahc", "nio"].contains(arguments[5]),
    let base = URL(string: arguments[1]), let host = base.host, let port = base.port
else {
    fatalError("usage: http-floor BASE_URL TOKEN ROWS CONCURRENCY ahc|nio")
}
// As the import does: Swift Concurrency's jobs on the event loops that do the I/O.
_ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
let requests = Floor(host: host, port: port, path: base.path, token: arguments[2], rows: rows, concurrency: concurrency)
if arguments[5] == "ahc" { try await requests.throughAsyncHTTPClient() } else { try await requests.throughNIO() }

/// The import's requests for `rows` rows, `concurrency` in flight.
struct Floor: Sendable {
    var host: String
    var port: Int
    var path: String
    var token: String
    var rows: Int
    var concurrency: Int

    func findOrCreate(_ row: Int) -> String { path + "/contacts/find-or-create/async?email=floor\(row)%40example.com" }
    func update(_ uuid: String) -> String { path + "/contacts/\(uuid)" }
    let attributes = #"{"attributes":{"firstname":"Joost","lastname":"Bakker","city":"Liège, NL","phone":"+31610000000"}}"#
    var headers: HTTPHeaders { HTTPHeaders([("Authorization", "Bearer \(token)"), ("Accept", "application/json")]) }
    var jsonHeaders: HTTPHeaders { headers.adding("Content-Type", "application/json") }

    /// The contact's uuid in find-or-create's answer.
    func uuid(in answer: ByteBuffer) -> String {
        let bytes = answer.readableBytesView
        guard let start = bytes.firstRange(of: Array(#""uuid":""#.utf8))?.upperBound else { fatalError("no uuid in the answer") }
        return String(decoding: bytes[start...].prefix(36), as: UTF8.self)
    }

    /// Runs the rows on `concurrency` workers, each given the rows it sends.
    func eachWorker(_ work: @escaping @Sendable (_ rows: StrideTo<Int>) async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<concurrency {
                group.addTask { try await work(stride(from: worker, to: rows, by: concurrency)) }
            }
            try await group.waitForAll()
        }
    }

    /// async-http-client as `APITransport` uses it: its `EventLoopFuture` interface, a deadline
    /// for the whole answer, the body read whole.
    func throughAsyncHTTPClient() async throws {
        var settings = HTTPClient.Configuration()
        settings.httpVersion = .http1Only
        settings.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: concurrency)
        settings.connectionPool.retryConnectionEstablishment = false
        settings.redirectConfiguration = .disallow
        settings.tracing.tracer = nil
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: settings)
        let origin = "http://\(host):\(port)"
        @Sendable func send(_ method: HTTPMethod, _ path: String, _ headers: HTTPHeaders, _ body: String? = nil) async throws -> ByteBuffer
        {
            let request = try HTTPClient.Request(
                url: origin + path, method: method, headers: headers,
                body: body.map { .byteBuffer(ByteBuffer(string: $0)) })
            let task = client.execute(
                request: request, delegate: ResponseAccumulator(request: request, maxBodySize: 16 << 20),
                deadline: .now() + .seconds(60))
            return try await task.futureResult.get().body ?? ByteBuffer()
        }
        let (headers, jsonHeaders) = (headers, jsonHeaders)
        try await eachWorker { rows in
            for row in rows {
                let uuid = uuid(in: try await send(.GET, findOrCreate(row), headers))
                _ = try await send(.PUT, update(uuid), jsonHeaders, attributes)
            }
        }
        try await client.shutdown()
    }

    /// NIO's HTTP/1.1 codec on a connection of each worker's own: a request written whole, its
    /// answer's parts read until its end.
    func throughNIO() async throws {
        let (headers, jsonHeaders) = (headers.adding("Host", "\(host):\(port)"), jsonHeaders.adding("Host", "\(host):\(port)"))
        try await eachWorker { rows in
            let channel = try await ClientBootstrap(group: NIOSingletons.posixEventLoopGroup).connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(wrappingChannelSynchronously: channel)
                }
            }
            try await channel.executeThenClose { inbound, outbound in
                var answers = inbound.makeAsyncIterator()
                func exchange(_ method: HTTPMethod, _ path: String, _ headers: HTTPHeaders, _ body: String? = nil) async throws
                    -> ByteBuffer
                {
                    let bytes = body.map { ByteBuffer(string: $0) }
                    let headers = bytes.map { headers.adding("Content-Length", String($0.readableBytes)) } ?? headers
                    let head = HTTPClientRequestPart.head(HTTPRequestHead(version: .http1_1, method: method, uri: path, headers: headers))
                    try await outbound.write(contentsOf: [head] + (bytes.map { [.body(.byteBuffer($0))] } ?? []) + [.end(nil)])
                    var answer = ByteBuffer()
                    while let part = try await answers.next() {
                        switch part {
                        case .head: continue
                        case .body(var bytes): answer.writeBuffer(&bytes)
                        case .end: return answer
                        }
                    }
                    fatalError("the connection closed mid-answer")
                }
                for row in rows {
                    let uuid = uuid(in: try await exchange(.GET, findOrCreate(row), headers))
                    _ = try await exchange(.PUT, update(uuid), jsonHeaders, attributes)
                }
            }
        }
    }
}

extension HTTPHeaders {
    func adding(_ name: String, _ value: String) -> HTTPHeaders {
        var headers = self
        headers.add(name: name, value: value)
        return headers
    }
}
