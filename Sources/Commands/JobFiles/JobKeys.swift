import ArgumentParser
import BatchKit
import Foundation

/// What a job file can run, and the command that runs it.
enum JobKind: String, CaseIterable, Sendable {
    case importContacts = "import contacts"
    case importBalances = "import balances"
    case inviteReferrals = "invite referrals"
    case exportContacts = "export contacts"
    case exportReferrals = "export referrals"
    case exportTiers = "export tiers"
    case exportTransactions = "export transactions"
    case check

    /// The command whose flags are this job's keys.
    var command: any ParsableCommand.Type {
        switch self {
        case .importContacts: ImportContacts.self
        case .importBalances: ImportBalances.self
        case .inviteReferrals: InviteReferrals.self
        case .exportContacts: ExportContacts.self
        case .exportReferrals: ExportReferrals.self
        case .exportTiers: ExportTiers.self
        case .exportTransactions: ExportTransactions.self
        case .check: Check.self
        }
    }
}

/// A job file's keys: the long flags of the job's command, read from the command's own account
/// of its arguments (what `--experimental-dump-help` prints), so that a flag is declared once, in
/// its command's option groups, and is a key with its kind and choices at once.
enum JobKeys {
    enum Kind: Equatable, Sendable {
        /// The FILE argument.
        case input
        case text
        /// A file path (the flag completes files), relative to the job file.
        case path
        /// A number whose default is whole, or any number.
        case integer
        case number
        /// `true` gives the flag; `false` gives its inversion (`--no-…`) when it has one.
        case flag(inversion: String?)
        /// One of the values of the flag's `CaseIterable` type.
        case choice([String])
        /// A repeatable `Column=target` flag (`map:`): a mapping of column to target.
        case columnMap
        /// A list, or text with commas (the flag's value name has commas: `a,b,c`).
        case list
        /// Requests per second (`50`) or per minute (`3000/min`).
        case rate
    }

    /// Never in a job file.
    static let secrets: Set<String> = ["token", "password", "oauth-token", "api-token", "leat-api-token", "capillary-password"]

    /// The keys of each job.
    static let all: [JobKind: [String: Kind]] = Dictionary(uniqueKeysWithValues: JobKind.allCases.map { ($0, keys(of: $0.command)) })

    static func allowed(for kind: JobKind) -> [String: Kind] {
        all[kind] ?? [:]
    }

    /// The keys of `command`'s arguments.
    static func keys(of command: any ParsableCommand.Type) -> [String: Kind] {
        guard let tool = try? JSONDecoder().decode(DumpedTool.self, from: Data(command._dumpHelp().utf8)) else { return [:] }
        let arguments = tool.command.arguments ?? []
        let longNames = Set(arguments.flatMap(\.longNames))
        var keys: [String: Kind] = [:]
        for argument in arguments {
            if argument.kind == "positional" {
                keys["input"] = .input
                continue
            }
            for name in argument.longNames where !["help", "version"].contains(name) {
                // `--no-excel-safe` is `excel-safe: false`.
                if name.hasPrefix("no-") && longNames.contains(String(name.dropFirst(3))) { continue }
                keys[name] = kind(of: argument, inversion: longNames.contains("no-" + name) ? "no-" + name : nil)
            }
        }
        return keys
    }

    private static func kind(of argument: DumpedTool.Argument, inversion: String?) -> Kind {
        if argument.kind == "flag" { return .flag(inversion: inversion) }
        if let choices = argument.allValues { return .choice(choices) }
        if argument.isRepeating { return .columnMap }
        if argument.completionKind?["file"] != nil { return .path }
        if argument.valueName == RequestRate.valueName { return .rate }
        if argument.valueName?.contains(",") == true { return .list }
        if let value = argument.defaultValue, Int(value) != nil { return .integer }
        if let value = argument.defaultValue, Double(value) != nil { return .number }
        return .text
    }

    /// The parts of argument-parser's JSON account of a command (`ToolInfoV0`) that make a key.
    private struct DumpedTool: Decodable {
        struct Command: Decodable {
            var arguments: [Argument]?
        }

        struct Argument: Decodable {
            struct Name: Decodable {
                var kind: String
                var name: String
            }

            /// Any payload: only which completion it is counts.
            struct Ignored: Decodable {
                init(from decoder: any Decoder) throws {}
            }

            var kind: String
            var names: [Name]?
            var isRepeating: Bool
            var valueName: String?
            var defaultValue: String?
            var allValues: [String]?
            var completionKind: [String: Ignored]?

            var longNames: [String] { (names ?? []).filter { $0.kind == "long" }.map(\.name) }
        }

        var command: Command
    }
}
