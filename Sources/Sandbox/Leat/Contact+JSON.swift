extension Contact {
    /// The contact as Leat's contact endpoints show it (find, get, update, claim, list items).
    var payload: JSONValue {
        let tier = Tier.forBalance(loyaltyBalance)
        // Default attributes first (empty when unset), then the custom ones by name, then the system values.
        var values = JSONObject(defaultAttributes.map { (key: $0, value: .string(attributes[$0] ?? "")) })
        for (name, value) in attributes.sorted(by: { $0.key < $1.key }) where !defaultAttributeSet.contains(name) {
            values.append(name, .string(value))
        }
        values.members += [
            ("uuid", .string(uuid)), ("email", .string(email)),
            ("created_at", .string(Timestamp.format(createdAt))), ("updated_at", .string(Timestamp.format(updatedAt))),
            ("status", .string("ACTIVE")), ("is_anonymous", .bool(isAnonymous)),
            ("loyalty_balance", .int(loyaltyBalance)), ("prepaid_balance", .int(prepaidCents / 100)),
            ("referral_code", .string(referralCode)), ("tier", tier.map { .string($0.name) } ?? .null),
        ]
        let display = JSONObject(values.members.map { (key: $0.key, value: .string($0.value.text ?? "")) })
        return .object([
            "id": .int(id),
            "uuid": .string(uuid),
            "email": .string(email),
            "attributes": .array([]),
            "tier": tier.map(\.payload) ?? .null,
            "subscriptions": .array([]),
            "credit_balance": .object(["balance": .int(loyaltyBalance), "id": .int(id)]),
            "prepaid_balance": .object(["balance_in_cents": .int(prepaidCents)]),
            "current_values": .object(values),
            "current_display_values": .object(display),
        ])
    }

    /// `{uuid, email}`, as referrals show their contacts.
    var reference: JSONValue {
        .object(["uuid": .string(uuid), "email": .string(email)])
    }
}

extension Tier {
    var payload: JSONValue {
        .object(["name": .string(name), "description": .string(description), "position": .int(position), "media": .null, "uuid": .string(uuid)])
    }
}
