import BatchKit
import TextFormats

/// `import contacts` with its columns mapped onto the account's attributes: validates each row
/// against them and sends the valid ones through its ``ContactImporter``.
package struct PreparedContacts: PreparedJob {
    /// A row on its way to Leat.
    package struct Item: Sendable {
        var contact: ContactRow
        /// Said on the report line when the row went well (e.g. a duplicate applied after its first line).
        /// What the row's note is when it goes: the same email as an earlier line.
        var note: (english: String, phrasing: Phrasing)?
    }

    let options: ImportOptions
    var validator: ContactValidator
    /// The account's attributes; nil when they could not be asked (the run is stopped then).
    var schema: ContactSchema?
    let reader: any RowReader
    let notes: [String]
    /// Requests sent before the rows: the attribute list, the attributes it creates, the listing.
    let checkRequests: Int
    package let sender: ContactImporter

    package mutating func admit(_ row: SourceRow, newColumns: [String]?) throws -> RowVerdict<Item> {
        if let newColumns {
            try validator.update(columns: newColumns)
            _ = schema?.admit(validator.mapping)
        }
        var verdict = validator.validate(row)
        if case .apply(var contact, let first) = verdict, let schema {
            let problem = schema.prepare(&contact)
            verdict = problem.map { .reject(key: contact.email, $0) } ?? .apply(contact, duplicateOf: first)
        }
        switch verdict {
        case .apply(let contact, let first):
            let note = first.map {
                (
                    "the same email as line \($0); applied after it (\(Setting.onDuplicate.mention(options.mapping.duplicates.rawValue)))",
                    Phrasing.note(.sameEmailApplied, ["line": "\($0)"])
                )
            }
            return .send(Item(contact: contact, note: note))
        case .skip(let contact, let first):
            return .settled(
                RowOutcome(
                    line: row.line, key: contact.email, action: .skipped,
                    note: "the same email as line \(first); skipped (\(Setting.onDuplicate.mention("first")))",
                    notePhrasing: .note(.sameEmailSkipped, ["line": "\(first)"]), requests: 0))
        case .reject(let key, let problem):
            return .settled(
                RowOutcome(line: row.line, key: key, action: .failed(dryRun: options.run.dryRun), problem: problem, requests: 0))
        }
    }

    /// Rows of one email go one at a time, in input order.
    package func key(_ batch: WorkBatch<Item>) -> String {
        batch.entries[0].item.contact.email
    }

    package func complete(_ summary: inout RunSummary) {
        summary.notes = notes
        if let workbook = reader as? ExcelReader, let warning = schema?.leadingZeroWarning(numericColumns: workbook.numericColumns) {
            summary.warnings.append(warning)
        }
        summary.requests = checkRequests + sender.requests
    }
}
