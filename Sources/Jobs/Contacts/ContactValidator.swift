import BatchKit
import TextFormats

/// The verdict on one contact row, before anything is sent.
package enum ContactVerdict: Sendable, Equatable {
    /// Apply the row; `duplicateOf` names the first line with the same email, when the rule keeps track.
    case apply(ContactRow, duplicateOf: Int?)
    /// A later duplicate under `--on-duplicate first`: nothing to send.
    case skip(ContactRow, duplicateOf: Int)
    /// The row fails before any call; `key` is the email as far as it is known.
    case reject(key: String, Problem)
}

/// Maps and validates contact rows one by one: reader problems, email presence and syntax, and
/// duplicate emails per the ``DuplicateRule``.
package struct ContactValidator: Sendable {
    package private(set) var mapping: ColumnMapping
    private let rule: DuplicateRule
    private let withAttributes: Bool
    /// Only the rules that act on a duplicate need to remember keys: under `last` (and `merge`
    /// without `--blank clear`) every row is applied in input order anyway, so memory stays flat.
    private var seen: DuplicateIndex?

    /// - Parameter attributes: map attribute cells too (what an import sends); `check` leaves them out.
    package init(mapping: ColumnMapping, rule: DuplicateRule, blank: BlankCells = .ignore, attributes: Bool = true) {
        self.mapping = mapping
        self.rule = rule
        withAttributes = attributes
        switch rule {
        case .first, .fail: seen = DuplicateIndex()
        case .merge: seen = blank == .clear ? DuplicateIndex() : nil
        case .last: seen = nil
        }
    }

    /// Extends the mapping to columns an NDJSON reader has added since.
    package mutating func update(columns: [String]) throws(MappingError) {
        try mapping.update(columns: columns)
    }

    package mutating func validate(_ source: SourceRow) -> ContactVerdict {
        var contact = mapping.map(source, attributes: withAttributes)
        if let problem = source.problem { return .reject(key: contact.email, .unreadable(problem)) }
        if contact.email.isEmpty {
            return .reject(key: "", .missingEmail)
        }
        if let fault = EmailAddress.problem(with: contact.email) { return .reject(key: contact.email, .invalidEmail(contact.email, fault)) }
        guard let first = seen?.firstLine(of: contact.email, seenOn: source.line) else {
            return .apply(contact, duplicateOf: nil)
        }
        switch rule {
        case .first:
            return .skip(contact, duplicateOf: first)
        case .last:
            return .apply(contact, duplicateOf: first)
        case .merge:
            contact = mapping.map(source, keepBlanks: false, attributes: withAttributes)
            return .apply(contact, duplicateOf: first)
        case .fail:
            return .reject(
                key: contact.email,
                .sameEmail(firstLine: first))
        }
    }
}
