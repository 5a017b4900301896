/// What a job file can run.
enum JobKind: String, CaseIterable {
    case importContacts = "import contacts"
    case inviteReferrals = "invite referrals"
    case exportContacts = "export contacts"
    case exportReferrals = "export referrals"
    case exportTiers = "export tiers"
    case check

    var takesInput: Bool {
        switch self {
        case .importContacts, .inviteReferrals, .check: true
        case .exportContacts, .exportReferrals, .exportTiers: false
        }
    }
}

/// The keys of each job, by the kind of value they take: the commands' long flags.
enum JobKeys {
    enum Kind: Equatable {
        /// The FILE argument.
        case input
        case text
        /// A file path, relative to the job file.
        case path
        case integer
        case number
        case flag
        case choice([String])
        /// `map:` column → target.
        case columnMap
        /// A list, or text with commas.
        case list
        /// Requests per second (`50`) or per minute (`3000/min`).
        case rate
    }

    /// Never in a job file.
    static let secrets: Set<String> = ["token", "password", "oauth-token", "api-token", "leat-api-token", "capillary-password"]

    static let reading: [String: Kind] = [
        "input": .input, "format": .choice(["csv", "ndjson", "xlsx"]), "sheet": .text, "delimiter": .text,
        "encoding": .choice(["auto", "utf-8", "windows-1252"]), "max-field-bytes": .integer,
    ]
    static let contactMapping: [String: Kind] = [
        "map": .columnMap, "unmapped": .choice(["attribute", "ignore", "error"]), "blank": .choice(["ignore", "clear"]),
        "on-duplicate": .choice(["first", "last", "merge", "fail"]),
    ]
    static let running: [String: Kind] = [
        "concurrency": .integer, "rate": .rate, "adaptive": .flag, "max-attempts": .integer, "request-timeout": .number,
        "max-retry-after": .number, "down-after": .number, "report": .path,
        "failed-rows": .path, "summary-json": .path, "resume": .flag, "dry-run": .flag, "quiet": .flag, "sandbox": .flag,
    ]

    static func allowed(for kind: JobKind) -> [String: Kind] {
        switch kind {
        case .check:
            return reading.merging(contactMapping) { $1 }.merging(["report": .path, "quiet": .flag]) { $1 }
        case .importContacts:
            return reading.merging(contactMapping) { $1 }.merging(running) { $1 }
                .merging(["mode": .choice(["upsert", "create"]), "async-wait": .number, "token-file": .path, "create-attributes": .flag,
                          "date-order": .choice(DateOrder.allCases.map(\.rawValue)), "changed-only": .choice(ChangedOnly.allCases.map(\.rawValue))]) { $1 }
        case .inviteReferrals:
            return reading.merging(running) { $1 }.merging([
                "map": .columnMap, "type": .choice(["MOBILE", "EMAIL"]), "campaign-token": .text, "batch-size": .integer,
                "password-file": .path,
            ]) { $1 }
        case .exportContacts, .exportReferrals, .exportTiers:
            var keys: [String: Kind] = [
                "output": .path, "format": .choice(["csv", "ndjson", "xlsx"]), "columns": .list, "concurrency": .integer, "rate": .rate,
                "max-attempts": .integer, "request-timeout": .number, "max-retry-after": .number, "down-after": .number,
                "excel-safe": .flag, "delimiter": .text, "bom": .flag, "quiet": .flag, "sandbox": .flag,
                "token-file": .path,
            ]
            if kind == .exportContacts {
                keys.merge(["created-after": .text, "created-before": .text, "state": .path, "overlap": .integer]) { $1 }
            }
            if kind == .exportReferrals {
                keys.merge(["status": .choice(ReferralStatus.all), "referring-contact": .text]) { $1 }
            }
            return keys
        }
    }
}
