/// A shop (a business profile) of the account: where points are issued and redeemed.
struct Shop: Sendable {
    var id: Int
    var uuid: String
    var name: String
    /// `physical` or `web`.
    var type: String
    var reference: String

    var payload: JSONValue {
        .object(["id": .int(id), "uuid": .string(uuid), "name": .string(name), "type": .string(type), "reference": .string(reference)])
    }
}

/// A loyalty transaction: a credit reception (points issued, or taken back when negative) or a
/// reward reception (points redeemed for a reward, negative).
struct LoyaltyTransaction: Sendable {
    static let creditReception = "credit_reception"
    static let rewardReception = "reward_reception"

    var id: Int
    var uuid: String
    var type: String
    var credits: Int
    /// The purchase amount the credits were calculated from; nil when they were given.
    var unitValue: Double?
    var contactUUID: String
    var shopUUID: String
    /// Seconds since 1970 (UTC).
    var createdAt: Int
    var channel = "OAUTH_API"
    /// Loyalty-transaction attributes set on it, by name (`loyalty_batch_ref`, …).
    var attributes: [String: String] = [:]
    /// A reward reception's reward: its uuid and title.
    var reward: (uuid: String, title: String)?
}

/// The attributes a loyalty transaction may carry (`GET loyalty-transaction-attributes`).
struct TransactionAttribute: Sendable {
    var name: String
    var type: String
    var label: String

    var payload: JSONValue {
        .object([
            "name": .string(name), "label": .string(label), "placeholder": .null, "type": .string(type), "field_type": .string(type),
            "options": .array([]), "is_piggy_defined": .bool(false), "is_soft_read_only": .bool(false), "is_hard_read_only": .bool(false),
        ])
    }
}

/// How `GET loyalty-transactions` reads its `type` filter: Leat's docs spell the types plural
/// (`credit_receptions`), its Magento module singular (`credit_reception`), and which one the real
/// API honours is not known; or the filter may be ignored. The sandbox behaves as told, so that
/// the client is tested against each.
public enum TransactionTypeFilter: String, Sendable, CaseIterable {
    case plural, singular, ignored

    /// Whether a transaction of `type` passes the filter `asked` (nil: no filter).
    func admits(_ type: String, asked: String?) -> Bool {
        guard let asked else { return true }
        switch self {
        case .plural: return asked == type + "s"
        case .singular: return asked == type
        case .ignored: return true
        }
    }
}

extension LoyaltyTransaction {
    /// The transaction as `POST credit-receptions` and `GET loyalty-transactions` show it; its
    /// attributes as top-level keys when the sandbox echoes them (`echo`).
    func payload(contact: Contact?, shop: Shop?, echo: Bool) -> JSONValue {
        var object: JSONObject = [
            "type": .string(type), "uuid": .string(uuid), "credits": .int(credits),
            "unit_value": unitValue.map { .double($0) } ?? .null,
            "unit": unitValue == nil
                ? .null
                : .object([
                    "name": .string("purchase_amount"), "label": .string("Purchase amount"), "is_default": .bool(true),
                    "prefix": .string("€"),
                ]),
            "contact": contact.map {
                .object([
                    "uuid": .string($0.uuid), "email": .string($0.email),
                    "credit_balance": .object(["id": .int($0.id), "balance": .int($0.loyaltyBalance)]),
                ])
            } ?? .null,
            "shop": shop.map { .object(["id": .int($0.id), "uuid": .string($0.uuid), "name": .string($0.name), "type": .string($0.type)]) }
                ?? .null,
            "contact_identifier": .null,
            "channel": .string(channel),
            "created_at": .string(Timestamp.format(createdAt)),
        ]
        if let reward {
            object.append("title", .string(reward.title))
            object.append(
                "reward",
                .object([
                    "uuid": .string(reward.uuid), "title": .string(reward.title), "required_credits": .int(-credits),
                    "reward_type": .string("PHYSICAL"),
                ]))
            object.append("expires_at", .null)
            object.append("has_been_collected", .bool(false))
        }
        if echo {
            for (name, value) in attributes.sorted(by: { $0.key < $1.key }) { object.append(name, .string(value)) }
        }
        return .object(object)
    }
}
