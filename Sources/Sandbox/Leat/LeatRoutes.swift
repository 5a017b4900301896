import Foundation
import Hummingbird

/// Leat's endpoints under `/api/v3/oauth/clients`: contacts, referrals and tiers.
struct LeatRoutes {
    static let basePath = "/api/v3/oauth/clients"
    let store: LeatStore
    /// The most items a page holds, whatever `limit` says (nil: as asked).
    var pageCap: Int?

    func add(to group: RouterGroup<SandboxContext>) {
        group.get("contacts", use: list)
        group.post("contacts") { request, context in
            let body: CreateBody = try await decodeBody(request, context)
            return try envelope(store.create(email: body.email ?? "", referralCode: body.referral_code).payload, status: .created)
        }
        group.post("contacts/async") { request, context in
            let body: CreateBody = try await decodeBody(request, context)
            let contact = try store.create(email: body.email ?? "", referralCode: body.referral_code, async: true)
            return envelope(.object(["uuid": .string(contact.uuid)]), status: .accepted)
        }
        group.post("contacts/anonymous") { request, context in
            let body: AnonymousBody = try await decodeBody(request, context)
            return try envelope(store.createAnonymous(identifier: body.contact_identifier_value).payload, status: .created)
        }
        group.get("contacts/find-one-by") { request, _ in
            try envelope(store.find(email: request.query("email") ?? "").payload)
        }
        group.get("contacts/find-or-create") { request, _ in
            try envelope(store.findOrCreate(email: request.query("email") ?? "").contact.payload)
        }
        group.get("contacts/find-or-create/async") { request, _ in
            let (contact, _) = try store.findOrCreate(email: request.query("email") ?? "", async: true)
            return envelope(.object(["uuid": .string(contact.uuid)]))
        }
        group.post("contacts/merge") { request, context in
            let body: MergeBody = try await decodeBody(request, context)
            try store.merge(source: body.source_contact_uuid ?? "", destination: body.destination_contact_uuid ?? "")
            return envelope(.null, meta: .object([:]))
        }
        group.get("contacts/:uuid") { _, context in
            try envelope(store.contact(uuid: context.parameters.require("uuid")).payload)
        }
        group.put("contacts/:uuid") { request, context in
            let attributes = try await decodeAttributes(request, context)
            return try envelope(store.update(uuid: context.parameters.require("uuid"), attributes: attributes).payload)
        }
        group.post("contacts/:uuid/delete") { request, context in
            let body: DeleteBody = try await decodeBody(request, context)
            try store.delete(uuid: context.parameters.require("uuid"), type: body.type ?? "")
            return envelope(.null, meta: .object([:]))
        }
        group.put("contacts/:uuid/claim") { request, context in
            let body: ClaimBody = try await decodeBody(request, context)
            return try envelope(store.claim(uuid: context.parameters.require("uuid"), email: body.email ?? "").payload)
        }
        group.get("contacts/:uuid/contact-identifiers") { _, context in
            let contact = try store.contact(uuid: context.parameters.require("uuid"))
            return envelope(
                .array(
                    contact.identifiers.map { identifier in
                        .object([
                            "name": .string(identifier.name), "value": .string(identifier.value), "active": .bool(identifier.active),
                            "default": .bool(identifier.default), "contact": .object(["uuid": .string(contact.uuid)]),
                        ])
                    }))
        }
        group.get("contacts/:uuid/credit-balance") { _, context in
            try envelope(.object(["balance": .int(store.contact(uuid: context.parameters.require("uuid")).loyaltyBalance)]))
        }
        group.get("contacts/:uuid/prepaid-balance") { _, context in
            let cents = try store.contact(uuid: context.parameters.require("uuid")).prepaidCents
            let euros = "€\(cents / 100).\(cents % 100 < 10 ? "0" : "")\(cents % 100)"
            return envelope(.object(["balance_in_cents": .int(cents), "balance": .string(euros)]))
        }
        group.get("contacts/:uuid/tier") { _, context in
            let contact = try store.contact(uuid: context.parameters.require("uuid"))
            return envelope(Tier.forBalance(contact.loyaltyBalance)?.payload ?? .null)
        }
        group.get("referrals", use: referrals)
        group.get("referrals/settings") { _, _ in envelope(Self.referralSettings, meta: .object([:])) }
        group.get("tiers") { _, _ in envelope(.array(Tier.all.map(\.payload))) }
        group.get("contact-attributes") { _, _ in envelope(.array(store.attributes().map(\.payload))) }
        group.post("contact-attributes") { request, context in
            let body: AttributeBody = try await decodeBody(request, context)
            guard let name = body.name, !name.isEmpty else { throw LeatErrorAnswer.invalidInput("name", "The name field is required.") }
            guard let label = body.label, !label.isEmpty else {
                throw LeatErrorAnswer.invalidInput("label", "The label field is required.")
            }
            guard let type = body.data_type, !type.isEmpty else {
                throw LeatErrorAnswer.invalidInput("data_type", "The data type field is required.")
            }
            let options = (body.options ?? []).compactMap { $0.value ?? $0.name }
            let attribute = SandboxAttribute(name: name, type: type, options: options, label: label, description: body.description)
            return try envelope(store.addAttribute(attribute).payload, status: .created)
        }
    }

    @Sendable func list(_ request: Request, context: SandboxContext) throws -> Response {
        let (page, limit) = try Self.paging(request, cap: pageCap)
        let (contacts, total) = store.list(
            page: page, limit: limit, descending: try Self.descending(request),
            createdAfter: try Self.createdAt(request, "gt"), createdFrom: try Self.createdAt(request, "gte"),
            createdBefore: try Self.createdAt(request, "lt"), createdUntil: try Self.createdAt(request, "lte"))
        return envelope(.array(contacts.map(\.payload)), meta: Self.meta(page: page, limit: limit, count: contacts.count, total: total))
    }

    /// `sort=created_at` (the default) or `-created_at`: whether the list goes newest first.
    static func descending(_ request: Request) throws(LeatErrorAnswer) -> Bool {
        let sort = request.query("sort") ?? "created_at"
        guard sort == "created_at" || sort == "-created_at" else {
            throw LeatErrorAnswer.invalidInput("sort", "The selected sort is invalid.")
        }
        return sort.hasPrefix("-")
    }

    /// The `created_at[name]` filter (`gt`, `gte`, `lt`, `lte`) as seconds; 1003 when it is no date.
    static func createdAt(_ request: Request, _ name: String) throws(LeatErrorAnswer) -> Int? {
        guard let text = request.query("created_at[\(name)]") else { return nil }
        guard let seconds = Timestamp.parse(text) else {
            throw .invalidInput("created_at.\(name)", "The created_at.\(name) must be a valid ISO 8601 date.")
        }
        return seconds
    }

    /// A list's `meta`, as Leat's docs show it (`limit` as text).
    static func meta(page: Int, limit: Int, count: Int, total: Int) -> JSONValue {
        let from = (page - 1) * limit
        return .object([
            "page": .int(page), "limit": .string(String(limit)),
            "viewing_from": .int(count == 0 ? 0 : from + 1), "viewing_to": .int(from + count),
            "last_page": .int(max(1, (total + limit - 1) / limit)), "total": .int(total),
        ])
    }

    @Sendable func referrals(_ request: Request, context: SandboxContext) throws -> Response {
        let (page, limit) = try Self.paging(request, cap: pageCap)
        let status = request.query("status")
        if let status, !["pending", "in_progress", "completed", "failed"].contains(status) {
            throw LeatErrorAnswer.invalidInput("status", "The selected status is invalid.")
        }
        let items = store.referrals(referringUUID: request.query("referring_contact_uuid"), status: status, page: page, limit: limit)
        return envelope(
            .array(
                items.map { referral, referring, referred in
                    .object([
                        "uuid": .string(referral.uuid), "referring_contact": referring?.reference ?? .null,
                        "referred_contact": referred?.reference ?? .null, "status": .string(referral.status),
                    ])
                }))
    }

    /// `page` (default 1) and `limit` (default 30, at most 100) from the query; 1003 when out of
    /// range. With a page cap (`--page-cap`), no page holds more than it, whatever `limit` asks.
    static func paging(_ request: Request, cap pageCap: Int?) throws(LeatErrorAnswer) -> (page: Int, limit: Int) {
        let page =
            try request.query("page").map { (text) throws(LeatErrorAnswer) in
                guard let value = Int(text), value >= 1 else { throw .invalidInput("page", "The page must be at least 1.") }
                return value
            } ?? 1
        let limit =
            try request.query("limit").map { (text) throws(LeatErrorAnswer) in
                guard let value = Int(text), (1...100).contains(value) else {
                    throw .invalidInput("limit", "The limit must be between 1 and 100.")
                }
                return value
            } ?? 30
        return (page, min(limit, pageCap ?? limit))
    }

    static let referralSettings: JSONValue = .object([
        "completion_event": .object(["type": .string("loyalty_transaction"), "data": .object(["number_of_transactions": .int(5)])]),
        "limit_per_contact": .int(10),
        "referred_contact_incentive": .object(["type": .string("loyalty_points"), "data": .object(["points": .int(50)])]),
        "referring_contact_incentive": .object(["type": .string("loyalty_points"), "data": .object(["points": .int(100)])]),
    ])
}

/// Leat's envelope `{"data": …, "meta": …}` as a response; `meta` is `[]` when there is nothing to say.
func envelope(_ data: JSONValue, meta: JSONValue = .array([]), status: HTTPResponse.Status = .ok) -> Response {
    jsonResponse(.object(["data": data, "meta": meta]), status: status)
}

/// Decodes a JSON or form body; anything unreadable is Leat's 1003.
func decodeBody<Body: Decodable>(_ request: Request, _ context: SandboxContext) async throws -> Body {
    do {
        return try await request.decode(as: Body.self, context: context)
    } catch {
        throw LeatErrorAnswer.unreadableBody
    }
}

/// The `attributes` of a `PUT contacts/{uuid}` body, the sandbox's busiest body. JSON goes through
/// `JSONSerialization`, three times as fast as `JSONDecoder` here; forms through ``decodeBody(_:_:)``.
func decodeAttributes(_ request: Request, _ context: SandboxContext) async throws -> [String: JSONValue] {
    let attributes: [String: JSONValue]?
    if request.hasFormBody {
        let body: UpdateBody = try await decodeBody(request, context)
        attributes = body.attributes
    } else {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any] else {
            throw LeatErrorAnswer.unreadableBody
        }
        attributes = (object["attributes"] as? [String: Any])?.mapValues(JSONValue.init(foundation:))
    }
    guard let attributes else { throw LeatErrorAnswer.invalidInput("attributes", "The attributes field is required.") }
    return attributes
}

private struct CreateBody: Decodable {
    var email: String?
    var referral_code: String?
}

private struct AnonymousBody: Decodable {
    var contact_identifier_value: String?
}

private struct UpdateBody: Decodable {
    var attributes: [String: JSONValue]?
}

/// `POST contact-attributes`, as Leat's SDK sends it (`data_type` on create, `type` on read).
private struct AttributeBody: Decodable {
    var name: String?
    var label: String?
    var data_type: String?
    var description: String?
    var options: [Option]?

    struct Option: Decodable {
        var name: String?
        var value: String?
    }
}

private struct DeleteBody: Decodable {
    var type: String?
}

private struct ClaimBody: Decodable {
    var email: String?
}

private struct MergeBody: Decodable {
    var source_contact_uuid: String?
    var destination_contact_uuid: String?
}
