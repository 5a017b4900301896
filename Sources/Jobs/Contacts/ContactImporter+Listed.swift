import BatchKit
import Foundation
import LeatAPI
import TextFormats

/// `--changed-only`: rows whose contact the listing holds cost one request when something changed
/// and none when nothing did; rows whose contact it does not hold are created; rows whose contact
/// it found too fresh go the full way.
extension ContactImporter {
    /// The outcome of a row whose contact was listed: `unchanged` with no request, or `updated`
    /// with one `PUT` of what changed (the message says from what to what). Nil when the listing
    /// does not hold the contact, or it is gone since (55031): the row then goes the full way.
    func applyListed(_ contact: ContactRow, _ attempts: inout Attempts) async throws(RequestStop<LeatError>) -> RowOutcome? {
        let found = index.withLock { index in
            index.flatMap { index in
                index.find(contact.email).map { hit in
                    (hit, index.changes(at: hit.position, contact.attributes), index.records, index.names)
                }
            }
        }
        guard let (hit, changed, records, names) = found else {
            guard dryRun, !index.withLock({ $0?.isFresh(contact.email) ?? false }) else { return nil }
            var line = RowOutcome(line: contact.line, key: contact.email, action: .wouldCreate)
            if let first = wouldCreate.withLock({ $0.firstLine(of: contact.email, seenOn: contact.line) }) {
                return previewAfter(first, contact, line)
            }
            let names = contact.attributes.map(\.name).joined(separator: ", ")
            if names.isEmpty {
                line.note("not in the listing", .note(.notInListing))
            } else {
                line.note("not in the listing; with " + names, .note(.notInListingWith, ["attributes": "\(names)"]))
            }
            return line
        }
        guard let listed = records.read(hit.place, count: names.count) else { return nil }
        var line = RowOutcome(
            line: contact.line, key: contact.email, action: .unchanged,
            note: "every value as listed: no request", notePhrasing: .note(.everyValueListed), uuid: listed.uuid.uuidString.lowercased())
        guard !changed.isEmpty else { return line }
        let was = Dictionary(zip(names, listed.values), uniquingKeysWith: { first, _ in first })
        line.action = dryRun ? .wouldUpdate : .updated
        // A value the listing did not have is "(not listed)" in the report, a dash in the phrase.
        func changes(notListed: String) -> String {
            changed.map { "\($0.name): \(was[$0.name].map { "'\($0)'" } ?? notListed) → '\($0.value)'" }.joined(separator: ", ")
        }
        line.note("changes " + changes(notListed: "(not listed)"), .note(.changes, ["changes": "\(changes(notListed: "–"))"]))
        guard !dryRun else { return line }
        do {
            _ = try await runner.send(&attempts) { () async throws(LeatError) in
                try await client.update(uuid: line.uuid, attributes: changed.map { ($0.name, $0.value) }).parts
            }
        } catch {
            if case .failed(let failure) = error, failure.code == LeatCode.contactNotFound { return nil }
            throw error
        }
        // A later row with this email compares with (and reports from) what this one wrote.
        var now = was
        for attribute in changed { now[attribute.name] = attribute.value }
        let place = (try? records.append(uuid: listed.uuid, values: names.map { now[$0] ?? "" })) ?? hit.place
        index.withLock { $0?.record(changed, email: contact.email, record: place) }
        return line
    }

    /// Adds a contact this row created to the index with the values it set, so that a later row
    /// with its email compares with them instead of creating it again (should the record not be
    /// written, that row goes the full way).
    func rememberCreated(_ contact: ContactRow, uuid: String) {
        guard let uuid = UUID(uuidString: uuid) else { return }
        let values = Dictionary(contact.attributes.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
        index.withLock { _ = try? $0?.add(email: contact.email, uuid: uuid, values: values) }
    }

    /// ``create(_:_:)`` for a contact the listing does not hold; nil when Leat has it after all
    /// (60005: made since the listing began), and the row goes the full way.
    func createUnlisted(_ contact: ContactRow, _ attempts: inout Attempts) async throws(RequestStop<LeatError>) -> (
        uuid: String, note: String
    )? {
        do {
            return try await create(contact, &attempts)
        } catch {
            if case .failed(let failure) = error, failure.code == LeatCode.contactAlreadyExists { return nil }
            throw error
        }
    }
}
