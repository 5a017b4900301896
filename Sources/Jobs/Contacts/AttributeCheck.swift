import BatchKit
import LeatAPI
import TextFormats

/// What an import does, before its first row, with mapped columns that are not writable Leat
/// attributes: stop (exit 2) naming each with the closest names and the ways out, or, with
/// `--create-attributes`, create the missing ones as text attributes.
struct AttributeCheck {
    let options: ImportOptions
    let client: LeatClient
    let limiter: RateLimiter

    /// Settles `problems` (from ``ContactSchema/admit(_:)``): returns the notes for the summary
    /// (attributes created) and the reason to stop without sending a row, if any. Throws a
    /// ``MappingError`` when the mapping must change first. `sent` counts the requests it sends.
    func settle(
        _ schema: inout ContactSchema, _ problems: [(name: String, entry: ContactSchema.Entry)],
        sent: inout Int
    ) async throws(MappingError) -> ([String], String?) {
        guard !problems.isEmpty else { return ([], nil) }
        let unknown = problems.filter { if case .unknown = $0.entry.resolution { true } else { false } }
        guard options.createAttributes && unknown.count == problems.count else { throw refusal(problems) }
        var notes: [String] = []
        let runner = RequestRunner(limiter: limiter, policy: options.run.retry, control: RunControl())
        for (name, entry) in unknown {
            let newName = ContactSchema.newName(for: name)
            if options.run.dryRun {
                schema.created(ContactAttribute(name: newName, label: entry.column, type: "text"), for: name)
                notes.append(
                    "would create the contact attribute '\(newName)' (text) for column '\(entry.column)' (\(Setting.createAttributes.mention()))"
                )
                continue
            }
            var attempts = Attempts()
            defer { sent += attempts.requests }
            do throws(RequestStop<LeatError>) {
                let made = try await runner.send(&attempts) { () async throws(LeatError) in
                    try await client.createContactAttribute(name: newName, label: entry.column, type: "text").parts
                }
                schema.created(made, for: name)
                notes.append(
                    "created the contact attribute '\(made.name)' (\(made.type)) for column '\(entry.column)' (\(Setting.createAttributes.mention()))"
                )
            } catch {
                let why =
                    switch error {
                    case .failed(let failure), .fatal(let failure): "\(failure)"
                    case .abandoned: "the run was stopped"
                    }
                return (notes, "could not create the contact attribute '\(newName)' for column '\(entry.column)': \(why). No row was sent")
            }
        }
        return (notes, nil)
    }

    /// The usage error naming every column that cannot be written, and the ways out.
    private func refusal(_ problems: [(name: String, entry: ContactSchema.Entry)]) -> MappingError {
        let column = problems[0].entry.column
        var lines = [
            "\(problems.count == 1 ? "a mapped column is not a writable Leat contact attribute" : "\(problems.count) mapped columns are not writable Leat contact attributes") "
                + "(GET contact-attributes); nothing was sent:"
        ]
        lines += problems.map { "  " + (ContactSchema.refusal($0.name, $0.entry)?.words ?? "") }
        var ways =
            "\(Setting.map.mention("\(column)=NAME")) to send it to an existing attribute, \(Setting.map.mention("\(column)=-")) to leave it out"
        if problems.contains(where: { if case .unknown = $0.entry.resolution { true } else { false } }) {
            ways += ", or \(Setting.createAttributes.mention()) to create the missing ones as text attributes"
        }
        lines.append("ways out: " + ways + " (in a job file: map: and create-attributes: true)")
        return MappingError(message: lines.joined(separator: "\n"))
    }
}
