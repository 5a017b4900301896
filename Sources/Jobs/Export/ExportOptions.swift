import BatchKit
import Foundation
import LeatAPI

/// The statuses a Leat referral has (`in_progress` from Leat's v4 SDK), for `export referrals --status`.
public enum ReferralStatus: String, Sendable, CaseIterable {
    case pending
    case inProgress = "in_progress"
    case completed, failed

    /// Every status as Leat spells it.
    public static var all: [String] { allCases.map(\.rawValue) }
}

/// The lists `export` writes.
public enum ExportEntity: String, Sendable, CaseIterable {
    case contacts, referrals, tiers, transactions

    /// Whether a contact's `current_values` key is a login link or code, or a personal link
    /// (`custom_app_login_url`, `custom_app_login_code`, `add_to_wallet`,
    /// `subscription_preferences_url`, `double_opt_in_confirmation_url_N`): secrets that change with
    /// every answer, left out of an export unless `--columns` names them.
    public static func isLoginKey(_ key: String) -> Bool {
        ["custom_app_login_url", "custom_app_login_code", "add_to_wallet", "subscription_preferences_url"].contains(key)
            || key.hasPrefix("double_opt_in_confirmation_url")
    }

    /// Columns always there, in order; contacts add their `current_values` keys after these,
    /// transactions their custom attributes.
    var fixedColumns: [String] {
        switch self {
        case .contacts: ["uuid", "email"]
        case .referrals:
            ["uuid", "referring_contact_uuid", "referring_contact_email", "referred_contact_uuid", "referred_contact_email", "status"]
        case .tiers: ["uuid", "name", "description", "position"]
        case .transactions: LeatClient.transactionColumns
        }
    }

    /// Whether the list adds the keys its first page shows after the fixed columns.
    var hasOpenColumns: Bool { self == .contacts || self == .transactions }

    /// Whether it is exported by windows of `created_at`, incrementally with a state file.
    var isWindowed: Bool { self == .contacts || self == .transactions }
}

/// The output format.
public enum ExportFormat: String, Sendable, CaseIterable {
    case csv, ndjson, xlsx

    /// By the output's extension: `.xlsx` a workbook, `.ndjson`/`.jsonl` NDJSON, anything else CSV.
    public static func guess(output: String) -> ExportFormat {
        let lower = output.lowercased()
        if lower.hasSuffix(".xlsx") { return .xlsx }
        return lower.hasSuffix(".ndjson") || lower.hasSuffix(".jsonl") ? .ndjson : .csv
    }
}

/// What `loyalty-batch export` is told.
public struct ExportOptions: Sendable {
    public var entity: ExportEntity = .contacts
    /// The file to write, or `-` for standard output.
    public var output = "-"
    public var format: ExportFormat = .csv
    /// Columns to write, in this order (nil: all of them).
    public var columns: [String]?
    /// Contacts: `created_at[gte]` / `created_at[lt]`, ISO 8601.
    public var createdAfter: String?
    public var createdBefore: String?
    /// Referrals: `status` and `referring_contact_uuid`.
    public var status: String?
    public var referringContact: String?
    /// Transactions: of this type only (as Leat spells it, `credit_reception`), shop and contact.
    public var transactionType: String?
    public var shop: String?
    public var contact: String?
    /// Pages in flight at most.
    public var concurrency = 8
    public var rate: RateLimiter.Mode = .unlimited
    public var retry = RetryPolicy()
    public var csv = CSVFormat(excelSafe: true)
    /// Contacts: the incremental state file (`--state`) and its overlap window.
    public var statePath: String?
    public var overlap: Duration = .seconds(600)
    /// Written into the manifest.
    public var toolVersion = ""
    /// The wall clock the run's start is read from (a transactions window ends there, the
    /// manifest says it): tests run it ahead instead of waiting for Leat's next second.
    public var now: @Sendable () -> Date = { Date() }

    public init() {}

    /// The manifest's path: beside the output (none for standard output).
    public var manifestPath: String? { output == "-" ? nil : output + ".manifest.json" }
}
