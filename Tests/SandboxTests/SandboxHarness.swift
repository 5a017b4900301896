import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Sandbox

/// Starts a sandbox in-process on an ephemeral port and talks to it over real HTTP.
struct SandboxHarness {
    let sandbox: RunningSandbox
    static let token = "sandbox-token"

    /// Runs `body` against a fresh sandbox, stopping it afterwards.
    static func with<T>(_ configure: (inout SandboxConfiguration) -> Void = { _ in }, _ body: (SandboxHarness) async throws -> T)
        async throws -> T
    {
        var configuration = SandboxConfiguration()
        configure(&configuration)
        return try await SandboxServer.withRunning(configuration) { try await body(SandboxHarness(sandbox: $0)) }
    }

    /// An answer: status, headers and the body parsed as JSON (nil when it is not JSON).
    struct Answer {
        var status: Int
        var headers: [String: String]
        var json: Any?

        var object: [String: Any] { json as? [String: Any] ?? [:] }
        var data: Any? { object["data"] }
        var dataObject: [String: Any] { data as? [String: Any] ?? [:] }
        var dataArray: [[String: Any]] { data as? [[String: Any]] ?? [] }
        var code: Int? { object["code"] as? Int }
    }

    /// Sends a request to `path` (relative to the server root) and collects the answer.
    func send(
        _ method: HTTPMethod = .GET, _ path: String, json: Any? = nil, form: String? = nil,
        headers: [(String, String)] = [("Authorization", "Bearer \(SandboxHarness.token)")]
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: sandbox.url + path)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
        } else if let form {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: form))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 64 << 20)
        let parsed = try? JSONSerialization.jsonObject(with: Data(buffer: body), options: [.fragmentsAllowed])
        var fields: [String: String] = [:]
        for header in response.headers { fields[header.name.lowercased()] = header.value }
        return Answer(status: Int(response.status.code), headers: fields, json: parsed)
    }

    /// A Leat path: `/api/v3/oauth/clients/` + `path`.
    func leat(
        _ method: HTTPMethod = .GET, _ path: String, json: Any? = nil, form: String? = nil,
        headers: [(String, String)] = [("Authorization", "Bearer \(SandboxHarness.token)")]
    ) async throws -> Answer {
        try await send(method, "/api/v3/oauth/clients/" + path, json: json, form: form, headers: headers)
    }

    /// `GET /_sandbox/stats`.
    func stats() async throws -> [String: Any] {
        try await send(.GET, "/_sandbox/stats", headers: []).object
    }

    /// The uuid of `email`, creating the contact.
    func uuid(of email: String) async throws -> String {
        try await leat(.GET, "contacts/find-or-create/async?email=\(email)").dataObject["uuid"] as? String ?? ""
    }

    /// Capillary Basic auth for the default sandbox user.
    static var capillaryAuth: [(String, String)] {
        // md5("sandbox"), computed outside Swift: 93bc63e0…
        [("Authorization", "Basic " + Data("sandbox:93bc63e0b4f48fbbff568d9fc0dc3def".utf8).base64EncodedString())]
    }
}
