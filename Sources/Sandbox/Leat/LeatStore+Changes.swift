import Foundation
import Synchronization

// What changes a contact once it exists: `PUT` of attributes, deletion, claiming an anonymous
// contact, and merging two.

extension LeatStore {
    /// Sets attributes; an empty value or null clears one. An attribute the account does not have,
    /// a read-only one or a value its type does not take is refused with 1003.
    func update(uuid: String, attributes: [String: JSONValue], now: Int = Timestamp.now()) throws(LeatErrorAnswer) -> Contact {
        try state.withLock { (state) throws(LeatErrorAnswer) in
            for (name, value) in attributes {
                if let problem = state.schema.problem(setting: name, to: value) { throw .invalidInput("attributes.\(name)", problem) }
            }
            // Changed in place: a copy taken out of the dictionary would copy its attributes too.
            guard let index = state.contacts.index(forKey: uuid), state.contacts.values[index].isVisible(at: .now) else {
                throw .contactNotFound
            }
            for (name, value) in attributes {
                state.contacts.values[index].attributes[name] = value.text.flatMap { $0.isEmpty ? nil : $0 }
            }
            state.contacts.values[index].updatedAt = max(now, state.contacts.values[index].updatedAt)
            return state.contacts.values[index]
        }
    }

    func delete(uuid: String, type: String) throws(LeatErrorAnswer) {
        guard type == "DEFAULT" || type == "GDPR" else { throw .invalidInput("type", "The selected type is invalid.") }
        try state.withLock { (state) throws(LeatErrorAnswer) in
            guard let contact = state.contacts.removeValue(forKey: uuid) else { throw .contactNotFound }
            Self.forget(contact, in: &state)
        }
    }

    /// Gives an anonymous contact a real email; when that email has a contact, the two are merged into it.
    func claim(uuid: String, email: String, now: Int = Timestamp.now()) throws(LeatErrorAnswer) -> Contact {
        let email = try Self.validEmail(email)
        return try state.withLock { (state) throws(LeatErrorAnswer) in
            guard var anonymous = state.contacts[uuid] else { throw .contactNotFound }
            guard anonymous.isAnonymous else { throw .contactNotAnonymous }
            if let existing = state.uuidByEmail[email] {
                return try Self.merge(source: uuid, destination: existing, in: &state)
            }
            state.uuidByEmail[anonymous.email] = nil
            anonymous.email = email
            anonymous.isAnonymous = false
            anonymous.updatedAt = now
            state.uuidByEmail[email] = uuid
            state.contacts[uuid] = anonymous
            return anonymous
        }
    }

    func merge(source: String, destination: String) throws(LeatErrorAnswer) {
        _ = try state.withLock { (state) throws(LeatErrorAnswer) in try Self.merge(source: source, destination: destination, in: &state) }
    }

    private static func merge(source: String, destination: String, in state: inout State) throws(LeatErrorAnswer) -> Contact {
        guard source != destination, let from = state.contacts[source], var into = state.contacts[destination] else {
            throw .contactNotFound
        }
        into.loyaltyBalance += from.loyaltyBalance
        into.prepaidCents += from.prepaidCents
        into.identifiers += from.identifiers
        into.attributes.merge(from.attributes) { kept, _ in kept }
        state.contacts[source] = nil
        forget(from, in: &state)
        for identifier in from.identifiers { state.uuidByIdentifier[identifier.value] = destination }
        state.contacts[destination] = into
        return into
    }

    private static func forget(_ contact: Contact, in state: inout State) {
        state.uuidByEmail[contact.email] = nil
        state.uuidByReferralCode[contact.referralCode] = nil
        for identifier in contact.identifiers where state.uuidByIdentifier[identifier.value] == contact.uuid {
            state.uuidByIdentifier[identifier.value] = nil
        }
        if let index = state.ordered.firstIndex(of: contact.uuid) { state.ordered.remove(at: index) }
    }
}
