/// A contact as the sandbox keeps it.
struct Contact: Sendable {
    var id: Int
    var uuid: String
    var email: String
    /// Seconds since 1970 (UTC); Leat shows seconds.
    var createdAt: Int
    var updatedAt: Int
    /// Custom and default attributes set on the contact, by name.
    var attributes: [String: String] = [:]
    /// The contact's own referral code, which others sign up with.
    var referralCode: String
    var loyaltyBalance = 0
    var prepaidCents = 0
    var isAnonymous = false
    var identifiers: [ContactIdentifier] = []
    /// For a contact an async endpoint created while creation is delayed (`--async-delay-ms`):
    /// until when `find-one-by`, `get` and `PUT` answer 55031 for it.
    var pendingUntil: ContinuousClock.Instant?

    /// Whether the other endpoints see the contact yet.
    func isVisible(at now: ContinuousClock.Instant) -> Bool {
        pendingUntil.map { now >= $0 } ?? true
    }
}

/// A card or other identifier linked to a contact.
struct ContactIdentifier: Sendable {
    var name: String
    var value: String
    var active = true
    var `default` = true
}

/// A referral between two contacts.
struct Referral: Sendable {
    var uuid: String
    var referringUUID: String
    var referredUUID: String
    /// `pending`, `completed` or `failed`.
    var status: String
}

/// A loyalty tier, assigned from a contact's loyalty balance.
struct Tier: Sendable {
    var name: String
    var description: String
    var position: Int
    var uuid: String
    /// The loyalty balance from which a contact is in this tier.
    var threshold: Int

    static let all: [Tier] = [
        Tier(name: "Bronze", description: "Welcome to the club", position: 1, uuid: "8a6f5f4e-1b7e-4c52-9e63-0b1f3c7d2a01", threshold: 100),
        Tier(name: "Silver", description: "For regulars", position: 2, uuid: "8a6f5f4e-1b7e-4c52-9e63-0b1f3c7d2a02", threshold: 500),
        Tier(name: "Gold", description: "Our best customers", position: 3, uuid: "8a6f5f4e-1b7e-4c52-9e63-0b1f3c7d2a03", threshold: 2000),
    ]

    /// The tier for a loyalty balance, or nil below the first threshold.
    static func forBalance(_ balance: Int) -> Tier? {
        all.last { balance >= $0.threshold }
    }
}

/// Attribute names that are system values: `PUT contacts/{uuid}` refuses them with 1003.
let systemAttributes: Set<String> = [
    "id", "uuid", "email", "created_at", "updated_at", "credit_balance", "loyalty_balance", "prepaid_balance",
    "previous_loyalty_balance", "is_anonymous", "tier", "status", "referral_code", "add_to_wallet",
    "custom_app_login_url", "custom_app_login_code", "default_contact_identifier", "subscription_preferences_url",
    "loyalty_last_transaction_date", "loyalty_first_transaction_date", "loyalty_number_of_transactions",
    "loyalty_total_credits_received", "age", "subscription_status_1", "double_opt_in_confirmation_url_1",
]

/// The default attributes every contact shows, empty until set.
let defaultAttributes = ["firstname", "lastname", "birthdate", "city", "phonenumber", "address", "postalcode", "housenumber", "locale"]
let defaultAttributeSet = Set(defaultAttributes)
