import BatchKit
import LeatAPI

/// `--changed-only`: rows whose contact the listing holds cost one request when something changed
/// and none when nothing did; rows whose contact it does not hold are created; rows whose contact
/// it found too fresh go the full way.
extension ContactImporter {
    /// The outcome of a row whose contact was listed: `unchanged` with no request, or `updated`
    /// with one `PUT` of what changed. Nil when the listing does not hold the contact, or it is
    /// gone since (55031): the row then goes the full way.
    func applyListed(_ contact: ContactRow, _ attempts: inout Attempts) async throws(RequestStop<LeatError>) -> ReportLine? {
        guard let hit = index.withLock({ $0.find(contact.email) }) else {
            guard dryRun, !index.withLock({ $0.isFresh(contact.email) }) else { return nil }
            var line = ReportLine(line: contact.line, key: contact.email, action: "would-create", ok: true)
            if let first = wouldCreate.withLock({ $0.firstLine(of: contact.email, seenOn: contact.line) }) {
                return previewAfter(first, contact, line)
            }
            let with = contact.attributes.isEmpty ? "" : "; with " + contact.attributes.map(\.name).joined(separator: ", ")
            line.errorMessage = "not in the listing\(with)"
            return line
        }
        let changed = index.withLock { $0.changes(at: hit.position, contact.attributes) }
        var line = ReportLine(line: contact.line, key: contact.email, action: "unchanged", ok: true,
                              errorMessage: "every value as listed: no request", uuid: hit.uuid)
        guard !changed.isEmpty else { return line }
        let changes = changed.map { "\($0.name) → '\($0.value)'" }.joined(separator: ", ")
        line.action = dryRun ? "would-update" : "updated"
        line.errorMessage = "changes \(changes)"
        guard !dryRun else { return line }
        do {
            _ = try await runner.send(&attempts) { () async throws(LeatError) in
                try await client.update(uuid: hit.uuid, attributes: changed.map { ($0.name, $0.value) }).parts
            }
        } catch {
            if case .failed(let failure) = error, failure.code == 55031 { return nil }
            throw error
        }
        index.withLock { $0.record(changed, at: hit.position) }
        return line
    }

    /// ``create(_:_:)`` for a contact the listing does not hold; nil when Leat has it after all
    /// (60005: made since the listing began), and the row goes the full way.
    func createUnlisted(_ contact: ContactRow, _ attempts: inout Attempts) async throws(RequestStop<LeatError>) -> (uuid: String, note: String)? {
        do {
            return try await create(contact, &attempts)
        } catch {
            if case .failed(let failure) = error, failure.code == 60005 { return nil }
            throw error
        }
    }
}
