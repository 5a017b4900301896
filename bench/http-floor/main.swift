import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix

// The benchmark's floor for the import's client CPU: the same requests as `import contacts`
// sends row by row (GET find-or-create/async, then PUT the row's attributes), through
// async-http-client configured as the import configures it, with nothing else: no file read, no
// mapping, no checks, no report. `make bench` runs it beside the import and the aiohttp importer.
//
// Usage: http-floor BASE_URL TOKEN ROWS CONCURRENCY

let arguments = CommandLine.arguments
guard arguments.count == 5, let rows = Int(arguments[3]), let concurrency = Int(arguments[4]) else {
    fatalError("usage: http-floor BASE_URL TOKEN ROWS CONCURRENCY")
}
let (base, token) = (arguments[1], arguments[2])
// As the import does: Swift Concurrency's jobs on the event loops that do the I/O.
_ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
var settings = HTTPClient.Configuration()
settings.httpVersion = .http1Only
settings.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: concurrency)
settings.redirectConfiguration = .disallow
settings.tracing.tracer = nil
let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: settings)
var headers = HTTPHeaders([("Authorization", "Bearer \(token)"), ("Accept", "application/json")])
let get = headers
headers.add(name: "Content-Type", value: "application/json")
let put = headers

/// One request and its answer's body, read whole.
func send(_ method: HTTPMethod, _ url: String, _ headers: HTTPHeaders, _ body: String? = nil) async throws -> ByteBuffer {
    var request = HTTPClientRequest(url: url)
    request.method = method
    request.headers = headers
    request.body = body.map { .bytes(ByteBuffer(string: $0)) }
    let response = try await client.execute(request, deadline: .now() + .seconds(60))
    return try await response.body.collect(upTo: 16 << 20)
}

try await withThrowingTaskGroup(of: Void.self) { group in
    for worker in 0..<concurrency {
        group.addTask {
            for row in stride(from: worker, to: rows, by: concurrency) {
                let answer = try await send(.GET, base + "/contacts/find-or-create/async?email=floor\(row)%40example.com", get).readableBytesView
                guard let start = answer.firstRange(of: Array("\"uuid\":\"".utf8))?.upperBound else { fatalError("no uuid in the answer") }
                let uuid = String(decoding: answer[start...].prefix(36), as: UTF8.self)
                _ = try await send(.PUT, base + "/contacts/\(uuid)", put,
                                   "{\"attributes\":{\"firstname\":\"Joost\",\"lastname\":\"Bakker\",\"city\":\"Liège, NL\",\"phone\":\"+31610000000\"}}")
            }
        }
    }
    try await group.waitForAll()
}
try await (client.shutdown() as EventLoopFuture<Void>).get()
