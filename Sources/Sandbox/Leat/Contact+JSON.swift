extension Contact {
    /// The contact as Leat's contact endpoints show it (find, get, update, claim, list items).
    var payload: JSONValue {
        let tier = Tier.forBalance(loyaltyBalance)
        var values: [String: JSONValue] = [:]
        for name in defaultAttributes { values[name] = .string("") }
        for (name, value) in attributes { values[name] = .string(value) }
        values["uuid"] = .string(uuid)
        values["email"] = .string(email)
        values["created_at"] = .string(Timestamp.format(createdAt))
        values["updated_at"] = .string(Timestamp.format(updatedAt))
        values["status"] = .string("ACTIVE")
        values["is_anonymous"] = .bool(isAnonymous)
        values["loyalty_balance"] = .int(loyaltyBalance)
        values["prepaid_balance"] = .int(prepaidCents / 100)
        values["referral_code"] = .string(referralCode)
        values["tier"] = tier.map { .string($0.name) } ?? .null
        var display: [String: JSONValue] = [:]
        for (name, value) in values { display[name] = .string(value.text ?? "") }
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
