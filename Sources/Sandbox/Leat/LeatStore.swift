import Foundation
import Synchronization

/// The sandbox's Leat account: contacts, referrals, tiers, and shops and loyalty transactions
/// (``LeatStore+Loyalty.swift``), in memory behind one lock.
///
/// Every operation takes the lock once, does its work and returns a value (or throws a
/// ``LeatErrorAnswer``), so the HTTP handlers never hold state across an await. With an async delay, a
/// contact created by an async endpoint is seen by `find-one-by`, `get` and `PUT` only that much
/// later, as when Leat queues the creation.
final class LeatStore: Sendable {
    struct State {
        var contacts: [String: Contact] = [:]
        var uuidByEmail: [String: String] = [:]
        var uuidByReferralCode: [String: String] = [:]
        var uuidByIdentifier: [String: String] = [:]
        /// Contact uuids in `created_at` order (then creation order): what the list pages through.
        var ordered: [String] = []
        var referrals: [Referral] = []
        /// The attributes a contact can have: `PUT contacts/{uuid}` sets only these.
        var schema: AttributeSchema
        var nextID = 1
        var generator: SeededGenerator
        var usageLimit: Int?
        /// The loyalty half: shops, transactions (in `created_at` order) and their attributes.
        var loyalty = LoyaltyState()
    }

    let state: Mutex<State>
    private let asyncDelay: Duration

    init(seed: UInt64, usageLimit: Int?, asyncDelay: Duration = .zero, attributes: [SandboxAttribute] = [], maxTextLength: Int? = nil) {
        var schema = AttributeSchema(custom: attributes)
        schema.maxTextLength = maxTextLength
        state = Mutex(State(schema: schema, generator: SeededGenerator(seed: seed), usageLimit: usageLimit))
        self.asyncDelay = asyncDelay
    }

    /// When a contact created now by an async endpoint becomes visible; nil when at once.
    private func pendingUntil(async: Bool) -> ContinuousClock.Instant? {
        async && asyncDelay > .zero ? .now + asyncDelay : nil
    }

    /// Changes the usage limit (nil for none): `PUT /_sandbox/usage-limit`, so a test can raise it mid-run.
    func setUsageLimit(_ limit: Int?) {
        state.withLock { $0.usageLimit = limit }
    }

    // MARK: Creating

    /// The uuid for `email`, creating the contact when there is none; `created` says which.
    func findOrCreate(email: String, async: Bool = false, now: Int = Timestamp.now()) throws(LeatErrorAnswer) -> (
        contact: Contact, created: Bool
    ) {
        let email = try Self.validEmail(email)
        let pending = pendingUntil(async: async)
        return try state.withLock { (state) throws(LeatErrorAnswer) in
            if let uuid = state.uuidByEmail[email], let contact = state.contacts[uuid] { return (contact, false) }
            return (try Self.insert(email: email, now: now, pendingUntil: pending, into: &state), true)
        }
    }

    /// Creates a contact; with a referral code of another contact, a pending referral too.
    func create(email: String, referralCode: String?, async: Bool = false, now: Int = Timestamp.now()) throws(LeatErrorAnswer) -> Contact {
        let email = try Self.validEmail(email)
        let code = referralCode.flatMap { $0.isEmpty ? nil : $0 }
        let pending = pendingUntil(async: async)
        return try state.withLock { (state) throws(LeatErrorAnswer) in
            if state.uuidByEmail[email] != nil { throw .contactExists }
            var referrer: String?
            if let code {
                guard let owner = state.uuidByReferralCode[code] else {
                    throw .invalidInput("referral_code", "The selected referral code is invalid.")
                }
                referrer = owner
            }
            let contact = try Self.insert(email: email, now: now, pendingUntil: pending, into: &state)
            if let referrer {
                state.referrals.append(
                    Referral(uuid: state.generator.uuid(), referringUUID: referrer, referredUUID: contact.uuid, status: "pending"))
            }
            return contact
        }
    }

    /// Creates an anonymous contact with a fictitious email, linked to `identifier` when given.
    func createAnonymous(identifier: String?, now: Int = Timestamp.now()) throws(LeatErrorAnswer) -> Contact {
        try state.withLock { (state) throws(LeatErrorAnswer) in
            if let identifier, state.uuidByIdentifier[identifier] != nil { throw .identifierLinked }
            let placeholder = "anonymous-\(state.nextID)@anonymous.sandbox.leat.test"
            var contact = try Self.insert(email: placeholder, now: now, into: &state)
            contact.isAnonymous = true
            if let identifier {
                contact.identifiers.append(ContactIdentifier(name: "Card", value: identifier))
                state.uuidByIdentifier[identifier] = contact.uuid
            }
            state.contacts[contact.uuid] = contact
            return contact
        }
    }

    private static func insert(email: String, now: Int, pendingUntil: ContinuousClock.Instant? = nil, into state: inout State)
        throws(LeatErrorAnswer) -> Contact
    {
        if let limit = state.usageLimit, state.contacts.count >= limit { throw .usageLimitReached }
        let createdAt = max(now, state.ordered.last.flatMap { state.contacts[$0]?.createdAt } ?? now)
        var contact = newContact(email: email, createdAt: createdAt, in: &state)
        contact.pendingUntil = pendingUntil
        state.contacts[contact.uuid] = contact
        state.uuidByEmail[email] = contact.uuid
        state.ordered.append(contact.uuid)
        return contact
    }

    /// A contact with the next id, a fresh uuid and a referral code no other contact has (registered).
    private static func newContact(email: String, createdAt: Int, in state: inout State) -> Contact {
        var code: String
        repeat { code = referralCode(&state.generator) } while state.uuidByReferralCode[code] != nil
        let contact = Contact(
            id: state.nextID, uuid: state.generator.uuid(), email: email, createdAt: createdAt,
            updatedAt: createdAt, referralCode: code)
        state.nextID += 1
        state.uuidByReferralCode[code] = contact.uuid
        return contact
    }

    /// Fills the empty store with generated contacts (seed data, at start), in `created_at` order,
    /// a share of them referred by an earlier one.
    func seed(
        _ build: (inout SeededGenerator, _ id: Int) -> (email: String, createdAt: Int, attributes: [String: String], balance: Int),
        count: Int, referralShare: Double
    ) {
        state.withLock { state in
            precondition(state.contacts.isEmpty, "seed data goes into an empty store")
            var seeded: [Contact] = []
            for _ in 0..<count {
                let made = build(&state.generator, state.nextID)
                var contact = Self.newContact(email: made.email, createdAt: made.createdAt, in: &state)
                contact.attributes = made.attributes
                contact.loyaltyBalance = made.balance
                seeded.append(contact)
            }
            seeded.sort { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
            for (index, contact) in seeded.enumerated() {
                state.contacts[contact.uuid] = contact
                state.uuidByEmail[contact.email] = contact.uuid
                if index > 0 && Double(state.generator.next() % 1000) / 1000 < referralShare {
                    let referrer = seeded[Int(state.generator.next() % UInt64(index))]
                    let roll = state.generator.next() % 10
                    let status = roll < 5 ? "pending" : roll < 6 ? "in_progress" : roll < 9 ? "completed" : "failed"
                    state.referrals.append(
                        Referral(uuid: state.generator.uuid(), referringUUID: referrer.uuid, referredUUID: contact.uuid, status: status))
                }
            }
            state.ordered = seeded.map(\.uuid)
        }
    }

    // MARK: Reading

    /// The account's contact attributes (`GET contact-attributes`).
    func attributes() -> [SandboxAttribute] {
        state.withLock { $0.schema.attributes }
    }

    /// Adds a contact attribute (`POST contact-attributes`); 1003 for a name taken or ill-formed,
    /// an unknown type, or a select without options.
    func addAttribute(_ attribute: SandboxAttribute) throws(LeatErrorAnswer) -> SandboxAttribute {
        guard AttributeSchema.isName(attribute.name) else {
            throw .invalidInput("name", "The name may only contain letters, digits and underscores, and must start with a letter.")
        }
        guard SandboxAttribute.types.contains(attribute.type) else {
            throw .invalidInput("data_type", "The selected data type is invalid.")
        }
        if ["select", "multi_select"].contains(attribute.type) && attribute.options.isEmpty {
            throw .invalidInput("options", "The options field is required when data type is \(attribute.type).")
        }
        return try state.withLock { (state) throws(LeatErrorAnswer) in
            guard state.schema[attribute.name] == nil else { throw .invalidInput("name", "The name has already been taken.") }
            state.schema.add(attribute)
            return attribute
        }
    }

    func find(email: String) throws(LeatErrorAnswer) -> Contact {
        let email = try Self.validEmail(email)
        return try state.withLock { (state) throws(LeatErrorAnswer) in
            guard let uuid = state.uuidByEmail[email], let contact = state.contacts[uuid], contact.isVisible(at: .now) else {
                throw .contactNotFound
            }
            return contact
        }
    }

    func contact(uuid: String) throws(LeatErrorAnswer) -> Contact {
        try state.withLock { (state) throws(LeatErrorAnswer) in
            guard let contact = state.contacts[uuid], contact.isVisible(at: .now) else { throw .contactNotFound }
            return contact
        }
    }

    /// One page of contacts in `created_at` order, within the filters; and the total matching.
    func list(page: Int, limit: Int, descending: Bool, createdAfter: Int?, createdFrom: Int?, createdBefore: Int?, createdUntil: Int?) -> (
        contacts: [Contact], total: Int
    ) {
        state.withLock { state in
            let lower = [createdAfter.map { $0 + 1 }, createdFrom].compactMap { $0 }.max()
            let upper = [createdBefore, createdUntil.map { $0 + 1 }].compactMap { $0 }.min()
            let start = lower.map { bound in Self.firstIndex(in: state, atOrAfter: bound) } ?? 0
            let end = upper.map { bound in Self.firstIndex(in: state, atOrAfter: bound) } ?? state.ordered.count
            let total = max(0, end - start)
            let offset = (page - 1) * limit
            guard offset < total else { return ([], total) }
            let count = min(limit, total - offset)
            let range = descending ? (end - offset - count)..<(end - offset) : (start + offset)..<(start + offset + count)
            var page = state.ordered[range].compactMap { state.contacts[$0] }
            if descending { page.reverse() }
            return (page, total)
        }
    }

    private static func firstIndex(in state: State, atOrAfter seconds: Int) -> Int {
        var low = 0
        var high = state.ordered.count
        while low < high {
            let middle = (low + high) / 2
            if state.contacts[state.ordered[middle]]!.createdAt < seconds { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Referrals with both contacts' uuid and email, filtered, one page.
    func referrals(referringUUID: String?, status: String?, page: Int, limit: Int) -> [(Referral, referring: Contact?, referred: Contact?)]
    {
        state.withLock { state in
            let matching = state.referrals.filter {
                (referringUUID == nil || $0.referringUUID == referringUUID) && (status == nil || $0.status == status)
            }
            let offset = (page - 1) * limit
            guard offset < matching.count else { return [] }
            return matching[offset..<min(matching.count, offset + limit)].map {
                ($0, state.contacts[$0.referringUUID], state.contacts[$0.referredUUID])
            }
        }
    }

    var counts: (contacts: Int, referrals: Int) {
        state.withLock { ($0.contacts.count, $0.referrals.count) }
    }

    /// Every contact in `created_at` order (the NDJSON dump).
    func allContacts() -> [Contact] {
        state.withLock { state in state.ordered.compactMap { state.contacts[$0] } }
    }

    // MARK: Rules

    /// Trims and lower-cases an email and checks its shape (1003 otherwise).
    static func validEmail(_ email: String) throws(LeatErrorAnswer) -> String {
        // Trimming goes through Foundation only when an end is not a visible ASCII character.
        let isTrimmed =
            email.utf8.first.map { (0x21..<0x7F).contains($0) } == true
            && email.utf8.last.map { (0x21..<0x7F).contains($0) } == true
        let email = (isTrimmed ? email : email.trimmingCharacters(in: .whitespaces)).lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.utf8.count <= 254 || email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !email.utf8.contains(0x20)
        else {
            throw .invalidInput("email", email.isEmpty ? "The email field is required." : "The email must be a valid email address.")
        }
        return email
    }

    private static func referralCode(_ generator: inout SeededGenerator) -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        return String((0..<6).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }
}
