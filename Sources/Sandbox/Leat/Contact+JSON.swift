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
            ("referral_code", .string(referralCode)),
            // As Leat: the tier as an id (its name is in the display values), typed values, and
            // login links and codes that change with every answer.
            ("tier", tier.map { .string(String($0.position)) } ?? .null),
            ("age", age.map { .int($0) } ?? .null),
            ("subscription_status_1", .string("UNSUBSCRIBED")),
            ("custom_app_login_url", .string("https://app.example.com/login/\(uuid)?token=\(Self.loginToken())")),
            ("custom_app_login_code", .int(Int.random(in: 100_000...999_999))),
            ("add_to_wallet", .string("https://wallet.example.com/add/\(uuid)")),
            ("subscription_preferences_url", .string("https://app.example.com/preferences/\(uuid)?token=\(Self.loginToken())")),
            ("double_opt_in_confirmation_url_1", .string("https://app.example.com/confirm/1/\(uuid)?token=\(Self.loginToken())")),
        ]
        var display = JSONObject(values.members.map { (key: $0.key, value: .string($0.value.text ?? "")) })
        if let tier, let index = display.members.firstIndex(where: { $0.key == "tier" }) {
            display.members[index].value = .string(tier.name)
        }
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

    /// Whole years since the `birthdate` attribute (`YYYY-MM-DD`), when it has one.
    private var age: Int? {
        guard let born = attributes["birthdate"].flatMap({ Int($0.prefix(4)) }), let now = Int(Timestamp.format(updatedAt).prefix(4)) else {
            return nil
        }
        return now - born
    }

    /// A login token: a new one in every answer, as Leat's login links have.
    private static func loginToken() -> String {
        String(UInt64.random(in: 0...UInt64.max), radix: 16)
    }

    /// `{uuid, email}`, as referrals show their contacts.
    var reference: JSONValue {
        .object(["uuid": .string(uuid), "email": .string(email)])
    }
}

extension Tier {
    var payload: JSONValue {
        .object([
            "name": .string(name), "description": .string(description), "position": .int(position), "media": .null, "uuid": .string(uuid),
        ])
    }
}
