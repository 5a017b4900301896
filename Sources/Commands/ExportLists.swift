import ArgumentParser
import Foundation
import Jobs

/// `loyalty-batch export contacts`
struct ExportContacts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts",
        abstract: "Export Leat's contacts.",
        discussion: """
            Nightly incremental contacts: --state PATH keeps the highest created_at exported; the next run starts --overlap before it and leaves out the contacts already exported in that window. The state moves only when the output is complete.
            """
    )

    @OptionGroup var list: ExportListOptions

    @Option(help: ArgumentHelp("Contacts created at or after this time (ISO 8601).", valueName: "time"))
    var createdAfter: String?

    @Option(help: ArgumentHelp("Contacts created before this time (ISO 8601).", valueName: "time"))
    var createdBefore: String?

    @Option(help: "Incremental exports: the state file (created on the first run).", completion: .file())
    var state: String?

    @Option(help: ArgumentHelp("With --state: how far before the last run's newest contact to start again.", valueName: "minutes"))
    var overlap = 10

    func validate() throws {
        for (name, value) in [("--created-after", createdAfter), ("--created-before", createdBefore)] {
            if let value, (try? Date(value, strategy: .iso8601)) == nil {
                throw ValidationError("\(name) '\(value)' is not an ISO 8601 time, e.g. 2026-11-24T00:00:00Z")
            }
        }
        if state != nil && createdAfter != nil {
            throw ValidationError("--state decides where the export starts; leave out --created-after")
        }
        if overlap < 0 || overlap > 10_080 { throw ValidationError("--overlap must be between 0 and 10080 minutes (a week)") }
    }

    func run() async throws {
        var options = list.options(.contacts)
        options.createdAfter = createdAfter
        options.createdBefore = createdBefore
        options.statePath = state
        options.overlap = .seconds(overlap * 60)
        try await list.run(options)
    }
}

/// `loyalty-batch export referrals`
struct ExportReferrals: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "referrals", abstract: "Export Leat's referrals.")

    @OptionGroup var list: ExportListOptions

    @Option(help: "Referrals with this status.")
    var status: ReferralStatus?

    @Option(help: ArgumentHelp("Referrals made by this contact.", valueName: "uuid"))
    var referringContact: String?

    func run() async throws {
        var options = list.options(.referrals)
        options.status = status?.rawValue
        options.referringContact = referringContact
        try await list.run(options)
    }
}

/// `loyalty-batch export tiers`
struct ExportTiers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tiers", abstract: "Export Leat's tiers.")

    @OptionGroup var list: ExportListOptions

    func run() async throws {
        try await list.run(list.options(.tiers))
    }
}

/// `loyalty-batch export transactions`
struct ExportTransactions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transactions",
        abstract: "Export Leat's loyalty transactions, with totals for the books.",
        discussion: """
            One row a transaction: uuid, type (credit_reception, reward_reception, digital_reward_reception or any other, as Leat sends it), created_at with its offset, credits (signed), unit_value, unit, the shop, the contact, channel, contact_identifier, the reward's title and uuid, and the transaction's custom attributes. Never the balance Leat embeds, which is the contact's balance now, not after the transaction.

            The window is closed: --until defaults to when the run began. Its rows are counted against what Leat says it holds (meta.total); another count is exit 3, naming both, and nothing is written. The manifest carries the count and the sum of credits per type; a CSV gets PATH.totals.csv beside it and a workbook a sheet 'totals': per day and shop, the points issued, redeemed, their net and the count, summed from the rows.

            --type, --shop and --contact are also applied to each row here: Leat's spelling of the type filter is not certain (plural in its docs, singular in its Magento module), so --type is not sent.
            """
    )

    @OptionGroup var list: ExportListOptions

    @Option(help: ArgumentHelp("Transactions created at or after this time (ISO 8601).", valueName: "time"))
    var since: String?

    @Option(help: ArgumentHelp("Transactions created before this time (ISO 8601; default: when the run began).", valueName: "time"))
    var until: String?

    @Option(
        help: ArgumentHelp("Transactions of this type only, as Leat spells it: credit_reception, reward_reception, …", valueName: "type"))
    var type: String?

    @Option(help: ArgumentHelp("Transactions of this shop only.", valueName: "uuid"))
    var shop: String?

    @Option(help: ArgumentHelp("Transactions of this contact only.", valueName: "uuid"))
    var contact: String?

    @Option(help: "Incremental exports: the state file (created on the first run).", completion: .file())
    var state: String?

    @Option(help: ArgumentHelp("With --state: how far before the last run's newest transaction to start again.", valueName: "minutes"))
    var overlap = 10

    func validate() throws {
        for (name, value) in [("--since", since), ("--until", until)] {
            if let value, (try? Date(value, strategy: .iso8601)) == nil {
                throw ValidationError(
                    "\(name) '\(value)' is not an ISO 8601 time with a zone, e.g. 2026-11-24T00:00:00Z or 2026-11-24T00:00:00+01:00")
            }
        }
        if state != nil && since != nil { throw ValidationError("--state decides where the export starts; leave out --since") }
        if overlap < 0 || overlap > 10_080 { throw ValidationError("--overlap must be between 0 and 10080 minutes (a week)") }
    }

    func run() async throws {
        var options = list.options(.transactions)
        options.createdAfter = since
        options.createdBefore = until
        options.transactionType = type
        options.shop = shop
        options.contact = contact
        options.statePath = state
        options.overlap = .seconds(overlap * 60)
        try await list.run(options)
    }
}
