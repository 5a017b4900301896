import BatchKit
import TextFormats

/// One row's verdict in an offline check: what its report line says.
enum CheckVerdict {
    case valid(key: String, note: String)
    /// A duplicate that a run would skip.
    case skipped(key: String, note: String)
    case invalid(key: String, Problem)
}

/// The offline check of one kind of row: contacts, referral invites or points balances.
protocol RowCheck {
    /// Takes the columns an NDJSON row brought since.
    mutating func update(columns: [String]) throws(MappingError)
    mutating func check(_ row: SourceRow) -> CheckVerdict
}

/// Contact rows: an email each, the duplicate and blank-cell rules.
struct ContactCheck: RowCheck {
    private var validator: ContactValidator
    private let rule: DuplicateRule

    init(columns: [String], options: MappingOptions, strict: Bool) throws(MappingError) {
        let mapping = try ColumnMapping(columns: columns, options: options, requireEmail: strict)
        // Attributes have no rules to check, so their cells are not turned into strings here.
        validator = ContactValidator(mapping: mapping, rule: options.duplicates, blank: options.blank, attributes: false)
        rule = options.duplicates
    }

    mutating func update(columns: [String]) throws(MappingError) {
        try validator.update(columns: columns)
    }

    mutating func check(_ row: SourceRow) -> CheckVerdict {
        switch validator.validate(row) {
        case .apply(let contact, let first):
            return .valid(
                key: contact.email,
                note: first.map { "the same email as line \($0); applied after it (\(Setting.onDuplicate.mention(rule.rawValue)))" } ?? "")
        case .skip(let contact, let first):
            return .skipped(key: contact.email, note: "the same email as line \(first); skipped (\(Setting.onDuplicate.mention("first")))")
        case .reject(let key, let problem):
            return .invalid(key: key, problem)
        }
    }
}

/// Referral invite rows: what Capillary would refuse for its shape, found before any call.
struct InviteCheck: RowCheck {
    private var validator: InviteValidator

    init(columns: [String], options: InviteOptions, strict: Bool) throws(MappingError) {
        let mapping = try InviteMapping(
            columns: columns, renames: options.renames, hasDefaultType: options.type != nil,
            hasDefaultCampaign: options.campaignToken != nil, strict: strict)
        validator = InviteValidator(mapping: mapping, defaultType: options.type?.uppercased(), defaultCampaign: options.campaignToken)
    }

    mutating func update(columns: [String]) throws(MappingError) {
        try validator.update(columns: columns)
    }

    mutating func check(_ row: SourceRow) -> CheckVerdict {
        switch validator.validate(row) {
        case .send(let invite): return .valid(key: invite.key, note: "")
        case .skip(let invite, let first): return .skipped(key: invite.key, note: "the same invite as line \(first); not sent twice")
        case .reject(let key, let problem): return .invalid(key: key, problem)
        }
    }
}

/// Points balance rows: an email and whole points each; in set mode, one row a member.
struct BalanceRowCheck: RowCheck {
    private var validator: BalanceValidator
    private let options: BalanceOptions

    init(columns: [String], options: BalanceOptions) throws(MappingError) {
        validator = try BalanceValidator(columns: columns, options: options)
        self.options = options
    }

    mutating func update(columns: [String]) throws(MappingError) {
        try validator.update(columns: columns, renames: options.renames)
    }

    mutating func check(_ row: SourceRow) -> CheckVerdict {
        switch validator.validate(row) {
        case .failure(let problem): .invalid(key: validator.key(of: row), problem)
        case .success(nil): .skipped(key: validator.key(of: row), note: "the points cell is empty: nothing set")
        case .success(let balance?): .valid(key: balance.email, note: "")
        }
    }
}
