import AsyncHTTPClient
import Foundation
import HTTPKit
import NIOCore
import NIOHTTP1
import TextFormats

/// A contact as `find-one-by` shows it: its uuid, email and current values as text.
public struct ContactSummary: Sendable, Equatable {
    public var uuid: String
    public var email: String
    /// `current_values`, each as text (numbers and booleans as JSON, null as "").
    public var currentValues: [String: String]

    /// When Leat created the contact (`created_at`), when it says.
    public var createdAt: Date? {
        currentValues["created_at"].flatMap { try? Date($0, strategy: .iso8601) }
    }
}

/// A typed client of the Leat contacts API on async-http-client (see ``APITransport``).
public final class LeatClient: Sendable {
    public let configuration: LeatConfiguration
    private let transport: APITransport
    private let headers: RequestHeaders
    /// Leat's messages as passed on: capped, on one line, without the token.
    let serverText: ServerText

    /// A client for up to `concurrency` requests in flight; ``shutdown()`` it when done.
    public init(configuration: LeatConfiguration, concurrency: Int = 16, timeout: Duration = .seconds(60)) {
        self.configuration = configuration
        transport = APITransport(concurrency: concurrency, timeout: timeout)
        headers = RequestHeaders(["Authorization": "Bearer \(configuration.token)"])
        serverText = ServerText(hiding: [configuration.token])
    }

    /// Closes the connections.
    public func shutdown() async throws {
        try await transport.shutdown()
    }

    // MARK: Contacts

    /// `GET contacts/find-or-create/async?email=`: the contact's uuid, created when there was none.
    public func findOrCreate(email: String) async throws(LeatError) -> APIAnswer<String> {
        let (body, answer) = try await send(.GET, "contacts/find-or-create/async?email=\(PercentEncoding.encode(email))")
        return answer.with(try Self.uuid(in: body, status: 200))
    }

    /// `POST contacts/async {email, referral_code}`: the new contact's uuid when the answer has one.
    /// `60005 Contact already exists` comes back as a ``LeatError``.
    public func create(email: String, referralCode: String?) async throws(LeatError) -> APIAnswer<String?> {
        var fields = [(name: "email", value: email)]
        if let referralCode { fields.append((name: "referral_code", value: referralCode)) }
        let (body, answer) = try await send(.POST, "contacts/async", body: JSONBody.object(fields))
        return answer.with(try? Self.uuid(in: body, status: 202))
    }

    /// `GET contacts/find-one-by?email=`: the contact, or nil when Leat says `55031 Contact not found`.
    public func find(email: String) async throws(LeatError) -> APIAnswer<ContactSummary?> {
        do {
            let (body, answer) = try await send(.GET, "contacts/find-one-by?email=\(PercentEncoding.encode(email))")
            return answer.with(try Self.contact(in: body))
        } catch  where error.code == LeatCode.contactNotFound {
            return APIAnswer(value: nil)
        }
    }

    /// `PUT contacts/{uuid}` with `{"attributes": {...}}`; an empty value clears an attribute.
    public func update(uuid: String, attributes: [(name: String, value: String)]) async throws(LeatError) -> APIAnswer<Void> {
        let (_, answer) = try await send(.PUT, "contacts/\(PercentEncoding.encode(uuid))", body: JSONBody.nested("attributes", attributes))
        return answer.with(())
    }

    // MARK: Transport

    func send(_ method: HTTPMethod, _ path: String, body json: ByteBuffer? = nil) async throws(LeatError) -> (Data, APIAnswer<Void>) {
        let response: APIResponse
        do {
            response = try await transport.send(method, configuration.baseURL + "/" + path, headers: headers, body: json)
        } catch {
            throw LeatError(kind: error.neverSent ? .notConnected : .noAnswer, status: 0, message: error.description)
        }
        let data = Data(response.body.readableBytesView)
        let answer = response.answer(())
        guard response.isSuccess else {
            let problem = ErrorBody(data)
            let message = problem.message ?? response.statusText
            let kind = problem.code.map { APIErrorKind.api(code: $0) } ?? .http
            throw LeatError(
                kind: kind, status: response.status, message: serverText.shown(message + problem.detail), retryAfter: response.retryAfter)
        }
        return (data, answer)
    }

    private static func uuid(in data: Data, status: Int) throws(LeatError) -> String {
        guard let uuid = LeatJSON.dataObject(data)?["uuid"] as? String, isUUID(uuid) else {
            throw LeatError(kind: .unreadable, status: status, message: "expected {\"data\": {\"uuid\": …}} with a UUID")
        }
        return uuid
    }

    /// Whether `text` is a UUID (`8-4-4-4-12` hex digits): a uuid from the server goes into paths
    /// and reports, so anything else (`""`, `..`) is refused.
    static func isUUID(_ text: String?) -> Bool {
        guard let text, text.utf8.count == 36 else { return false }
        return text.utf8.enumerated().allSatisfy { index, byte in
            switch index {
            case 8, 13, 18, 23: byte == UInt8(ascii: "-")
            default: ASCII.isHexDigit(byte)
            }
        }
    }

    private static func contact(in data: Data) throws(LeatError) -> ContactSummary {
        guard let contact = LeatJSON.dataObject(data), let uuid = contact["uuid"] as? String, isUUID(uuid),
            let email = contact["email"] as? String
        else {
            throw LeatError(kind: .unreadable, status: 200, message: "expected a contact in {\"data\": …}")
        }
        let values = (contact["current_values"] as? [String: Any] ?? [:]).mapValues(LeatJSON.text)
        return ContactSummary(uuid: uuid, email: email, currentValues: values)
    }
}

/// Leat's error body, `{"message", "code", "status_code", "errors"}`, read field by field: `code`
/// and `message` are never lost to the shape of `errors`, which has been seen as a map of arrays,
/// a map of strings, an empty array (PHP's empty map) or absent. `code` may come as text.
private struct ErrorBody {
    var message: String?
    var code: Int?
    /// `errors` as ` field: messages; …`, or "".
    var detail = ""

    init(_ data: Data) {
        guard let object = LeatJSON.object(data) else { return }
        message = object["message"] as? String
        code = LeatJSON.int(object["code"])
        guard let errors = object["errors"] as? [String: Any], !errors.isEmpty else { return }
        detail =
            " "
            + errors.keys.sorted().map { field in
                let messages = (errors[field] as? [Any])?.map(LeatJSON.text) ?? [LeatJSON.text(errors[field] ?? "")]
                return "\(field): \(messages.joined(separator: " "))"
            }.joined(separator: "; ")
    }
}

/// Runs `body` with a Leat client, and shuts the client down when `body` ends, however it ends.
public func withLeatClient<Result>(
    configuration: LeatConfiguration, concurrency: Int = 16, timeout: Duration = .seconds(60),
    _ body: (LeatClient) async throws -> Result
) async throws -> Result {
    let client = LeatClient(configuration: configuration, concurrency: concurrency, timeout: timeout)
    return try await withClosing(client.shutdown) { try await body(client) }
}
