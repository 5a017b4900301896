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
        if state != nil && createdAfter != nil { throw ValidationError("--state decides where the export starts; leave out --created-after") }
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
