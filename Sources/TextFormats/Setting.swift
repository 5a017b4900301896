/// A setting of a job that a message points at (to fix a row or a file, choose it otherwise).
/// The libraries never write how a setting is given: they write ``mention(_:)``, and the front
/// end that shows the message says it its own way (``Wording``): the command line as its flag,
/// the desk in words. The raw value is the setting's key (a job file's key).
public enum Setting: String, Sendable, CaseIterable {
    case map
    case onDuplicate = "on-duplicate"
    case unmapped
    case dateOrder = "date-order"
    case createAttributes = "create-attributes"
    case mode
    case changedOnly = "changed-only"
    case sheet
    case encoding
    case delimiter
    case format
    case maxFieldBytes = "max-field-bytes"
    case maxSharedStringsMB = "max-shared-strings-mb"
    case maxInflatedMB = "max-inflated-mb"
    case resume
    case report
    case state
    case output
    case columns
    case createdAfter = "created-after"
    case createdBefore = "created-before"
    case type
    case campaignToken = "campaign-token"
    case shop
    case tokenFile = "token-file"
    case passwordFile = "password-file"
    case sandbox
    case requestTimeout = "request-timeout"
    case maxRetryAfter = "max-retry-after"
    case downAfter = "down-after"

    /// The setting, with the value a message suggests for it, as the front end says it.
    public func mention(_ value: String? = nil) -> String {
        Wording.current.mention(self, value)
    }

    /// The setting in plain words, for a page: what a person who never saw a terminal chooses.
    public var words: String {
        switch self {
        case .map: "the mapping"
        case .onDuplicate: "the rule for the same email twice"
        case .unmapped: "the rule for columns not mapped"
        case .dateOrder: "the order of day and month in dates"
        case .createAttributes: "creating the attributes Leat does not have"
        case .mode: "the import's mode"
        case .changedOnly: "listing the account's contacts first"
        case .sheet: "the sheet to read"
        case .encoding: "the file's encoding"
        case .delimiter: "the delimiter"
        case .format: "the file's format"
        case .maxFieldBytes: "the largest cell read"
        case .maxSharedStringsMB: "the most text a workbook may hold"
        case .maxInflatedMB: "the most a workbook may unpack to"
        case .resume: "Resume"
        case .report: "the report of that run"
        case .state: "the state of the incremental export"
        case .output: "the file to write"
        case .columns: "the columns to export"
        case .createdAfter: "the start of the period"
        case .createdBefore: "the end of the period"
        case .type: "the invites' type"
        case .campaignToken: "the campaign token"
        case .shop: "the shop"
        case .tokenFile: "the token file"
        case .passwordFile: "the password file"
        case .sandbox: "the sandbox"
        case .requestTimeout: "the time a request may take"
        case .maxRetryAfter: "the longest wait a server may ask for"
        case .downAfter: "the time without answers after which the API counts as down"
        }
    }
}

/// How a front end says a ``Setting`` in its messages, for the task that makes them: the command
/// line installs its flags for the whole run; without one, settings are said in plain words (the
/// desk's pages, a library used on its own).
public struct Wording: Sendable {
    public let mention: @Sendable (Setting, String?) -> String

    public init(mention: @escaping @Sendable (Setting, String?) -> String) {
        self.mention = mention
    }

    /// Plain words: "the rule for the same email twice: fail", "the mapping: COLUMN → email".
    public static let plain = Wording { setting, value in
        guard let value else { return setting.words }
        return setting.words + ": " + (setting == .map ? value.split(separator: "=", maxSplits: 1).joined(separator: " → ") : value)
    }

    /// The wording of the task at hand.
    @TaskLocal public static var current = Wording.plain
}
