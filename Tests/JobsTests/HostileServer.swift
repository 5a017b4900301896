import Foundation
import Hummingbird
import HummingbirdTesting
import LeatAPI
import NIOCore
import Synchronization

/// A small misbehaving HTTP server, not the sandbox: each test gives it the routes it needs
/// (answers that drip, lie about their length, redirect, throttle for days, loop), under Leat's
/// base path, with a ``HitCounter`` for the routes to count their requests. `contact-attributes`,
/// the import's connection check, answers the text attributes the tests' files use.
struct HostileServer: Sendable {
    static let basePath = "/api/v3/oauth/clients"
    let baseURL: String

    /// Runs `body` with a server whose routes `configure` adds to a group at ``basePath``.
    static func with(
        _ configure: @escaping @Sendable (RouterGroup<BasicRequestContext>, HitCounter) -> Void,
        _ body: @escaping @Sendable (HostileServer, HitCounter) async throws -> Void
    ) async throws {
        let counter = HitCounter()
        let router = Router()
        let group = router.group(RouterPath(basePath))
        group.get("contact-attributes") { _, _ in
            let items = ["firstname", "lastname", "city", "note"].map { #"{"name":"\#($0)","label":"\#($0)","type":"text"}"# }
            return Response.json(.ok, #"{"data":[\#(items.joined(separator: ","))],"meta":[]}"#)
        }
        configure(group, counter)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let server = HostileServer(baseURL: "http://127.0.0.1:\(client.port!)\(basePath)")
            try await body(server, counter)
        }
    }

    /// The token the clients send (a test looks for it where it must not be).
    static let token = "s3cret-token-value"

    /// Runs `body` with a Leat client of the server (a short deadline), shut down on every path.
    func withClient<T>(timeout: Duration = .seconds(10), _ body: (LeatClient) async throws -> T) async throws -> T {
        let client = LeatClient(configuration: try LeatConfiguration(baseURL: baseURL, token: Self.token), concurrency: 4, timeout: timeout)
        let result: Result<T, any Error>
        do { result = .success(try await body(client)) } catch { result = .failure(error) }
        try await client.shutdown()
        return try result.get()
    }
}

/// How many requests each route got, and a way for a route to behave differently each time.
final class HitCounter: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    /// Counts a request to `name` and returns how many there were, this one included.
    @discardableResult
    func hit(_ name: String) -> Int {
        counts.withLock { counts in
            counts[name, default: 0] += 1
            return counts[name]!
        }
    }

    func count(_ name: String) -> Int { counts.withLock { $0[name] ?? 0 } }
}

extension Response {
    /// A JSON answer with `status`, `body` and extra headers.
    static func json(_ status: HTTPResponse.Status, _ body: String, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    /// `{"data": {"uuid": uuid}}`.
    static func uuid(_ uuid: String) -> Response { .json(.ok, #"{"data":{"uuid":"\#(uuid)"}}"#) }

    /// A page of `count` contacts with the given uuids prefix and `meta`.
    static func contactsPage(_ uuids: [String], meta: String) -> Response {
        let items = uuids.map { #"{"uuid":"\#($0)","email":"\#($0.prefix(8))@example.com","current_values":{}}"# }
        return .json(.ok, #"{"data":[\#(items.joined(separator: ","))],"meta":\#(meta)}"#)
    }
}
