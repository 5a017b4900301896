import Foundation
import HTTPKit

/// A shop (business profile) of the Leat account, where points are issued.
public struct LeatShop: Sendable, Equatable {
    public var uuid: String
    public var name: String
}

/// A credit reception as Leat answered it: its uuid, the credits it moved, and the contact's
/// balance after it when the answer shows it.
public struct CreditReception: Sendable, Equatable {
    public var uuid: String
    public var credits: Int
    public var balance: Int?

    public init(uuid: String, credits: Int, balance: Int?) {
        (self.uuid, self.credits, self.balance) = (uuid, credits, balance)
    }
}

/// The filters of `GET loyalty-transactions`.
public struct TransactionFilter: Sendable {
    /// `created_at[gte]` and `created_at[lt]`, ISO 8601.
    public var from: String?
    public var before: String?
    /// `type`, as Leat spells it in the filter (``TransactionType/filterSpelling``).
    public var type: String?
    public var shop: String?
    public var contact: String?
    /// Newest first (`sort=-created_at`).
    public var newestFirst = false

    public init() {}
}

extension LeatClient {
    /// The columns of a loyalty transaction, in order, before its custom attributes: what a
    /// ledger needs. Never the embedded `credit_balance`, which is the balance now, not after it.
    public static let transactionColumns = [
        "uuid", "type", "created_at", "credits", "unit_value", "unit", "shop_uuid", "shop_name",
        "contact_uuid", "contact_email", "channel", "contact_identifier", "reward_title", "reward_uuid",
    ]

    /// The keys of a transaction that are Leat's own; any other top-level key is a custom attribute.
    private static let transactionKeys: Set<String> = [
        "uuid", "type", "created_at", "credits", "unit_value", "unit", "shop", "contact", "channel",
        "contact_identifier", "title", "reward", "digital_reward", "digital_reward_code",
        "expires_at", "has_been_collected", "id", "attributes",
    ]

    /// `GET shops`.
    public func shops() async throws(LeatError) -> APIAnswer<[LeatShop]> {
        let (body, answer) = try await send(.GET, "shops")
        guard let items = LeatJSON.dataList(body) else {
            throw LeatError(kind: .unreadable, status: 200, message: "expected a list of shops in {\"data\": [...]}")
        }
        return answer.with(
            items.compactMap { item in
                guard let uuid = item["uuid"] as? String, Self.isUUID(uuid) else { return nil }
                return LeatShop(uuid: uuid, name: item["name"].map(LeatJSON.text) ?? "")
            })
    }

    /// `POST credit-receptions` with explicit `credits` (loyalty rules do not apply), the contact,
    /// the shop, and loyalty-transaction attributes as top-level fields.
    public func receiveCredits(
        contact: String, shop: String, credits: Int,
        attributes: [(name: String, value: String)] = []
    ) async throws(LeatError) -> APIAnswer<CreditReception> {
        let fields = [("contact_uuid", contact), ("shop_uuid", shop), ("credits", String(credits))] + attributes
        let (body, answer) = try await send(.POST, "credit-receptions", body: JSONBody.object(fields))
        guard let data = LeatJSON.dataObject(body), let uuid = data["uuid"] as? String, Self.isUUID(uuid)
        else {
            throw LeatError(kind: .unreadable, status: 200, message: "expected a credit reception with a uuid in {\"data\": …}")
        }
        let balance = ((data["contact"] as? [String: Any])?["credit_balance"] as? [String: Any])?["balance"] as? Int
        return answer.with(CreditReception(uuid: uuid, credits: data["credits"] as? Int ?? credits, balance: balance))
    }

    /// `GET contacts/{uuid}/credit-balance`.
    public func creditBalance(contact: String) async throws(LeatError) -> APIAnswer<Int> {
        let (body, answer) = try await send(.GET, "contacts/\(PercentEncoding.encode(contact))/credit-balance")
        guard let balance = LeatJSON.dataObject(body)?["balance"] as? Int else {
            throw LeatError(kind: .unreadable, status: 200, message: "expected {\"data\": {\"balance\": …}}")
        }
        return answer.with(balance)
    }

    /// `GET loyalty-transaction-attributes`: their names.
    public func transactionAttributes() async throws(LeatError) -> APIAnswer<[String]> {
        let (body, answer) = try await send(.GET, "loyalty-transaction-attributes")
        guard let items = LeatJSON.dataList(body) else {
            throw LeatError(kind: .unreadable, status: 200, message: "expected a list of attributes in {\"data\": [...]}")
        }
        return answer.with(items.compactMap { $0["name"] as? String })
    }

    /// `POST loyalty-transaction-attributes` (`name`, `data_type`, `label`); `60009 Attribute
    /// already exists` is success: the attribute is there.
    public func createTransactionAttribute(name: String, type: String, label: String) async throws(LeatError) -> APIAnswer<Void> {
        do {
            let (_, answer) = try await send(
                .POST, "loyalty-transaction-attributes", body: JSONBody.object([("name", name), ("data_type", type), ("label", label)]))
            return answer
        } catch  where error.code == LeatCode.attributeExists {
            return APIAnswer(value: ())
        }
    }

    /// One page of `GET loyalty-transactions`, 100 a page, by `created_at`: each transaction as
    /// ``transactionColumns`` and its custom attributes (top-level keys Leat does not define), as
    /// text; `credits` and `unit_value` are numbers for a workbook.
    public func transactions(page: Int, filter: TransactionFilter) async throws(LeatError) -> APIAnswer<LeatPage> {
        var query = "page=\(page)&limit=\(Self.pageLimit)&sort=" + (filter.newestFirst ? "-created_at" : "created_at")
        if let from = filter.from { query += "&created_at%5Bgte%5D=" + PercentEncoding.encode(from) }
        if let before = filter.before { query += "&created_at%5Blt%5D=" + PercentEncoding.encode(before) }
        for (name, value) in [("type", filter.type), ("shop_uuid", filter.shop), ("contact_uuid", filter.contact)] {
            if let value { query += "&\(name)=" + PercentEncoding.encode(value) }
        }
        return try await list(
            "loyalty-transactions?" + query, keyed: true,
            numbers: { item in
                Set(["credits", "unit_value"].filter { item[$0] is NSNumber })
            }
        ) { item in
            var fields: [String: String] = [:]
            for key in ["uuid", "type", "created_at", "credits", "unit_value", "channel"] {
                fields[key] = item[key].map(LeatJSON.text) ?? ""
            }
            let unit = item["unit"] as? [String: Any]
            let shop = item["shop"] as? [String: Any]
            let contact = item["contact"] as? [String: Any]
            let reward = (item["reward"] ?? item["digital_reward"]) as? [String: Any]
            fields["unit"] = unit?["name"].map(LeatJSON.text) ?? ""
            fields["shop_uuid"] = shop?["uuid"].map(LeatJSON.text) ?? ""
            fields["shop_name"] = shop?["name"].map(LeatJSON.text) ?? ""
            fields["contact_uuid"] = contact?["uuid"].map(LeatJSON.text) ?? ""
            fields["contact_email"] = contact?["email"].map(LeatJSON.text) ?? ""
            fields["contact_identifier"] = (item["contact_identifier"] as? [String: Any])?["value"].map(LeatJSON.text) ?? ""
            fields["reward_title"] = (item["title"] ?? reward?["title"]).map(LeatJSON.text) ?? ""
            fields["reward_uuid"] = reward?["uuid"].map(LeatJSON.text) ?? ""
            for (key, value) in item where !Self.transactionKeys.contains(key) { fields[key] = LeatJSON.text(value) }
            return fields
        }
    }
}
