import BatchKit
import Foundation
import LeatAPI
import Synchronization
import TextFormats

/// How contacts are written.
public enum ImportMode: String, Sendable, CaseIterable {
    /// `GET contacts/find-or-create/async`, then `PUT` the attributes (the default).
    case upsert
    /// `POST contacts/async`: a contact that already exists is a failed row (60005).
    case create
}

/// The work on one contact row: the Leat calls, their retries, and the row's report line.
///
/// Gives no line when the run stopped before the row's outcome was certain; the row is then not
/// recorded, and `--resume` does it again (every call here may be repeated safely, see
/// ``create(_:attempts:)``).
package final class ContactImporter: BulkSender {
    let client: LeatClient
    let runner: RequestRunner
    let mode: ImportMode
    let asyncWait: Duration
    let dryRun: Bool
    /// In a dry run, the emails that earlier rows would create (with their line), so that a later
    /// row with the same email is previewed as the real run would do it: 16–24 bytes per new email.
    let wouldCreate = Mutex(DuplicateIndex())
    /// Whether the account's contacts were listed before the first row (`--changed-only`): `index`
    /// is not nil (said once, so that rows need not take the lock to know).
    let listed: Bool
    /// The account's contacts as listed, with what rows have written since.
    let index: Mutex<ContactIndex?>
    /// Requests sent for rows, retries included.
    private let sent = Atomic(0)
    package var requests: Int { sent.load(ordering: .relaxed) }

    init(client: LeatClient, runner: RequestRunner, mode: ImportMode, asyncWait: Duration, dryRun: Bool, index: ContactIndex? = nil) {
        self.client = client
        self.runner = runner
        self.mode = mode
        self.asyncWait = asyncWait
        self.dryRun = dryRun
        listed = index != nil
        self.index = Mutex(index)
    }

    /// Whether the row is written with `POST contacts/async` (`--mode create`, or a referral code).
    private func creates(_ contact: ContactRow) -> Bool {
        mode == .create || contact.referralCode != nil
    }

    package func perform(_ batch: WorkBatch<PreparedContacts.Item>) async -> [RowOutcome?] {
        var lines: [RowOutcome?] = []
        for entry in batch.entries {
            var line = await perform(entry.item.contact)
            if line?.ok == true && line?.note.isEmpty == true, let note = entry.item.note { line?.note(note.english, note.phrasing) }
            lines.append(line)
        }
        return lines
    }

    func perform(_ contact: ContactRow) async -> RowOutcome? {
        let start = ContinuousClock.now
        var attempts = Attempts()
        var line: RowOutcome?
        do {
            if listed, !creates(contact), let listed = try await applyListed(contact, &attempts) {
                line = listed
            } else {
                line = dryRun ? try await preview(contact, &attempts) : try await apply(contact, &attempts)
            }
        } catch {
            switch error {
            case .failed(let failure):
                line = RowOutcome(
                    line: contact.line, key: contact.email, action: .failed,
                    problem: .answered(code: failure.reportCode, message: failure.message))
            case .fatal, .abandoned:
                return nil
            }
        }
        sent.add(attempts.requests, ordering: .relaxed)
        line?.attempts = attempts.requests == 0 ? 0 : 1 + attempts.retries
        line?.requests = attempts.requests
        line?.durationMilliseconds = Int((ContinuousClock.now - start).seconds * 1000)
        return line
    }

    private func apply(_ contact: ContactRow, _ attempts: inout Attempts) async throws(RequestStop<LeatError>) -> RowOutcome {
        var action: RowAction
        var uuid: String
        var note = ""
        var unlisted = false
        if creates(contact) {
            (uuid, note) = try await create(contact, &attempts)
            action = .created
        } else if listed, !index.withLock({ $0?.isFresh(contact.email) ?? false }),
            let created = try await createUnlisted(contact, &attempts)
        {
            (uuid, action, note) = (created.uuid, .created, created.note.isEmpty ? "not in the listing: created" : created.note)
            unlisted = true
        } else {
            uuid = try await runner.send(&attempts) { () async throws(LeatError) in
                try await client.findOrCreate(email: contact.email).parts
            }
            action = .found
        }
        if !contact.attributes.isEmpty {
            do {
                if let waited = try await update(contact, uuid: uuid, &attempts) {
                    note = [
                        note, "Leat had not made the contact yet: its attributes were set after waiting \(Int(waited.seconds * 1000)) ms",
                    ]
                    .filter { !$0.isEmpty }.joined(separator: "; ")
                }
            } catch {
                guard action == .created, case .failed(var failure) = error else { throw error }
                failure.message =
                    "the contact was created (\(uuid)) but its attributes were not set: \(failure.message); set them with \(Setting.mode.mention("upsert"))"
                throw .failed(failure)
            }
            if action == .found { action = .updated }
        }
        if unlisted { rememberCreated(contact, uuid: uuid) }
        return RowOutcome(line: contact.line, key: contact.email, action: action, note: note, uuid: uuid)
    }

    /// `PUT contacts/{uuid}` with the row's attributes. The uuid came from an async endpoint, and
    /// Leat may queue the creation: while the `PUT` answers `55031 Contact not found` it is tried
    /// again, with backoff, for up to ``asyncWait``. Returns how long it waited, when it did.
    private func update(_ contact: ContactRow, uuid: String, _ attempts: inout Attempts) async throws(RequestStop<LeatError>) -> Duration? {
        // The runner's clock, which its waits go by: tests move it instead of sleeping.
        let clock = runner.limiter.clock
        let start = clock.now
        var delay = Duration.milliseconds(50)
        while true {
            do {
                _ = try await runner.send(&attempts) { () async throws(LeatError) in
                    try await client.update(uuid: uuid, attributes: contact.attributes.map { ($0.name, $0.value) }).parts
                }
                return delay > .milliseconds(50) ? clock.now - start : nil
            } catch {
                guard case .failed(let failure) = error, failure.code == LeatCode.contactNotFound, clock.now - start + delay <= asyncWait
                else {
                    throw error
                }
                attempts.retries += 1
                guard await runner.wait(delay) else { throw .abandoned }
                delay = min(delay * 2, .seconds(1))
            }
        }
    }

    /// `POST contacts/async`. When an earlier attempt got no answer (the request may have been
    /// applied, its answer lost) and a retry says `60005 Contact already exists`, the contact is
    /// looked up: it was created by this row when Leat's `created_at` is not older than the first
    /// attempt (with 2 s for clock skew); otherwise it existed before and the row fails with 60005.
    func create(_ contact: ContactRow, _ attempts: inout Attempts) async throws(RequestStop<LeatError>) -> (uuid: String, note: String) {
        let firstSent = Date()
        do {
            let created = try await runner.send(&attempts) { () async throws(LeatError) in
                try await client.create(email: contact.email, referralCode: contact.referralCode).parts
            }
            if let created { return (created, "") }
        } catch {
            guard case .failed(let failure) = error, failure.code == LeatCode.contactAlreadyExists, attempts.outcomeUnknown else {
                throw error
            }
            let found = try await runner.send(&attempts) { () async throws(LeatError) in
                try await client.find(email: contact.email).parts
            }
            guard let found, let createdAt = found.createdAt, createdAt >= firstSent.addingTimeInterval(-2) else { throw error }
            return (found.uuid, "created by an earlier attempt whose answer was lost")
        }
        // Leat's async create may answer without a uuid: look it up.
        let uuid = try await runner.send(&attempts) { () async throws(LeatError) in
            try await client.findOrCreate(email: contact.email).parts
        }
        return (uuid, "")
    }

    /// `--dry-run`: only `find-one-by`; what the row would do, and which attributes would change.
    private func preview(_ contact: ContactRow, _ attempts: inout Attempts) async throws(RequestStop<LeatError>) -> RowOutcome {
        let found = try await runner.send(&attempts) { () async throws(LeatError) in
            try await client.find(email: contact.email).parts
        }
        var line = RowOutcome(line: contact.line, key: contact.email, action: .wouldCreate, uuid: found?.uuid ?? "")
        if found == nil, let first = wouldCreate.withLock({ $0.firstLine(of: contact.email, seenOn: contact.line) }) {
            return previewAfter(first, contact, line)
        }
        guard let found else {
            if !contact.attributes.isEmpty {
                let names = contact.attributes.map(\.name).joined(separator: ", ")
                line.note("with " + names, .note(.with, ["attributes": "\(names)"]))
            }
            return line
        }
        if creates(contact) {
            return Self.wouldFailAsExisting(line, "created \(found.currentValues["created_at"] ?? "earlier")")
        }
        guard !contact.attributes.isEmpty else {
            line.action = .wouldFind
            return line
        }
        line.action = .wouldUpdate
        let changes = contact.attributes.filter { found.currentValues[$0.name] != $0.value }
        if changes.isEmpty {
            line.note("no changes", .note(.noChanges))
        } else {
            let listed = changes.map { "\($0.name): '\(found.currentValues[$0.name] ?? "")' → '\($0.value)'" }.joined(separator: ", ")
            line.note("changes " + listed, .note(.changes, ["changes": "\(listed)"]))
        }
        return line
    }
}

extension ContactImporter {
    /// A dry-run row whose email an earlier row of the file (`first`) would create.
    func previewAfter(_ first: Int, _ contact: ContactRow, _ line: RowOutcome) -> RowOutcome {
        var line = line
        if creates(contact) {
            return Self.wouldFailAsExisting(line, "line \(first) of this file would create it")
        } else if contact.attributes.isEmpty {
            line.action = .wouldFind
            line.note("line \(first) of this file would create it", .note(.createdByLine, ["line": "\(first)"]))
        } else {
            line.action = .wouldUpdate
            let names = contact.attributes.map(\.name).joined(separator: ", ")
            line.note(
                "line \(first) of this file would create it; then sets " + names,
                .note(.createdByLineThenSets, ["line": "\(first)", "attributes": "\(names)"]))
        }
        return line
    }

    /// A create-mode dry-run row whose contact exists (or would): the 60005 a real run would get.
    fileprivate static func wouldFailAsExisting(_ line: RowOutcome, _ why: String) -> RowOutcome {
        var line = line
        line.action = .wouldFail
        line.problem = .answered(code: String(LeatCode.contactAlreadyExists), message: "Contact already exists (\(why))")
        return line
    }
}
