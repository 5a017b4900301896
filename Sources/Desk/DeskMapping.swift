import BatchKit
import Foundation
import Jobs
import Yams

/// Where each column of an upload goes, and the rules, as the map page's form chose them; kept
/// beside the upload as `mapping.json`. Contacts have the duplicate and blank-cell rules;
/// referral invites the type and campaign token of rows without them.
struct DeskMapping: Codable, Sendable {
    /// A column's choice: `email`, an attribute's name, a new attribute, or left out.
    static let newAttribute = "+new"
    static let leaveOut = "-"

    var kind: JobRecord.Kind
    var targets: [String]
    var onDuplicate = DuplicateRule.last.rawValue
    var blank = BlankCells.ignore.rawValue
    /// Invites: `MOBILE` or `EMAIL` for rows without a type column.
    var type: String?
    /// Invites: the campaign token for rows without one.
    var campaignToken: String?
    /// Balances: `set` or `add`, the shop's uuid, and whether debits are refused and members created.
    var mode: String?
    var shop: String?
    var noDebit = false
    var createContacts = false

    /// The form's choices for `columns`, checked for a job of `kind`.
    init(form: MapForm, columns: [String], kind: JobRecord.Kind) throws(DeskProblem) {
        guard form.target.count == columns.count else {
            throw DeskProblem(message: Words.say(.mapChoicesCount, ["choices": "\(form.target.count)", "columns": "\(columns.count)"]))
        }
        self.kind = kind
        targets = form.target
        switch kind {
        case .contacts:
            guard form.target.filter({ $0 == "email" }).count == 1 else {
                throw DeskProblem(message: Words.say(.mapOneEmail))
            }
            guard let onDuplicate = form.onDuplicate, DuplicateRule(rawValue: onDuplicate) != nil, let blank = form.blank,
                BlankCells(rawValue: blank) != nil
            else {
                throw DeskProblem(message: Words.say(.mapRules))
            }
            self.onDuplicate = onDuplicate
            self.blank = blank
        case .invites:
            type = form.type.flatMap { $0.isEmpty ? nil : $0 }
            campaignToken = form.campaignToken.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
            try checkInvites()
        case .balances:
            mode = form.mode.flatMap { BalanceMode(rawValue: $0)?.rawValue }
            shop = form.shop.flatMap { $0.isEmpty ? nil : $0 }
            noDebit = form.noDebit == "1"
            createContacts = form.createContacts == "1"
            try checkBalances()
        }
    }

    /// A balances file needs its email and its points (a balance, or credits): one column each.
    private func checkBalances() throws(DeskProblem) {
        for target in targets where target != Self.leaveOut {
            guard BalanceOptions.columnTargets.contains(target) else {
                throw DeskProblem(message: Words.say(.mapNotPointsColumn, ["target": target]))
            }
            guard targets.filter({ $0 == target }).count == 1 else {
                throw DeskProblem(message: Words.say(.mapOneColumnAtMost, ["target": target]))
            }
        }
        guard targets.contains("email") else {
            throw DeskProblem(message: Words.say(.mapMemberEmail))
        }
        guard targets.contains("balance") != targets.contains("credits") else {
            throw DeskProblem(message: Words.say(.mapOnePoints))
        }
    }

    /// An invite needs an invitee, a referrer, a type and a campaign: from a column each, or the defaults.
    private func checkInvites() throws(DeskProblem) {
        let fields = Set(InviteField.allCases.map(\.rawValue))
        for target in targets where target != Self.leaveOut {
            guard fields.contains(target) else { throw DeskProblem(message: Words.say(.mapNotInviteField, ["target": target])) }
            guard targets.filter({ $0 == target }).count == 1 else {
                throw DeskProblem(message: Words.say(.mapOneColumnAtMost, ["target": target]))
            }
        }
        guard targets.contains(InviteField.identifier.rawValue) else {
            throw DeskProblem(message: Words.say(.mapIdentifier))
        }
        guard targets.contains(InviteField.referrerMobile.rawValue) || targets.contains(InviteField.referrerEmail.rawValue) else {
            throw DeskProblem(message: Words.say(.mapReferrer))
        }
        if !targets.contains(InviteField.type.rawValue) && !["MOBILE", "EMAIL"].contains(type ?? "") {
            throw DeskProblem(message: Words.say(.mapType))
        }
        if !targets.contains(InviteField.campaignToken.rawValue) && campaignToken == nil {
            throw DeskProblem(message: Words.say(.mapCampaignToken))
        }
    }

    /// Each column and the name it goes to (`-`: left out).
    func renames(_ columns: [String]) -> [(column: String, target: String)] {
        guard kind == .contacts else { return Array(zip(columns, targets)) }
        return
            zip(columns, targets).map { column, target in
                (column, target == Self.newAttribute ? ColumnSuggestions.newAttributeName(for: column) : target)
            }
    }

    var createsAttributes: Bool { targets.contains(Self.newAttribute) }

    /// The contact mapping the import and the check take.
    func options(_ columns: [String]) -> MappingOptions {
        var options = MappingOptions()
        options.renames = renames(columns)
        options.duplicates = DuplicateRule(rawValue: onDuplicate) ?? .last
        options.blank = BlankCells(rawValue: blank) ?? .ignore
        return options
    }

    /// The invites' options for this mapping.
    func inviteOptions(_ columns: [String]) -> InviteOptions {
        var options = InviteOptions()
        options.renames = renames(columns)
        options.type = type
        options.campaignToken = campaignToken
        return options
    }

    /// What the desk runs for this mapping, its rows read with the fixes made in the page.
    func job(_ columns: [String], fixedRows: [Int: [String]] = [:]) -> DeskRuns.Job {
        switch kind {
        case .contacts:
            var options = ImportOptions()
            options.mapping = self.options(columns)
            options.createAttributes = createsAttributes
            options.read.fixedRows = fixedRows
            return .contacts(options)
        case .invites:
            var options = inviteOptions(columns)
            options.read.fixedRows = fixedRows
            return .invites(options)
        case .balances:
            var options = balanceOptions(columns)
            options.read.fixedRows = fixedRows
            return .balances(options)
        }
    }

    /// The points import's options for this mapping.
    func balanceOptions(_ columns: [String]) -> BalanceOptions {
        var options = BalanceOptions()
        options.renames = renames(columns)
        options.mode = mode.flatMap(BalanceMode.init(rawValue:))
        options.shop = shop
        options.noDebit = noDebit
        options.createContacts = createContacts
        return options
    }

    /// The command a job file names for this mapping.
    var command: String {
        switch kind {
        case .contacts: "import contacts"
        case .invites: "invite referrals"
        case .balances: "import balances"
        }
    }

    /// The job file `loyalty-batch run` takes for this mapping, beside the file `input`.
    func jobFile(input: String, columns: [String]) throws -> String {
        let map = renames(columns).map { (Node($0.column), Node($0.target)) }
        var pairs: [(Node, Node)] = [
            (Node("job"), Node(command)), (Node("input"), Node(input)), (Node("map"), Node.mapping(Node.Mapping(map))),
        ]
        switch kind {
        case .contacts:
            pairs += [(Node("on-duplicate"), Node(onDuplicate)), (Node("blank"), Node(blank))]
            if createsAttributes { pairs.append((Node("create-attributes"), Node("true", Tag(.bool)))) }
        case .invites:
            if let type { pairs.append((Node("type"), Node(type))) }
            if let campaignToken { pairs.append((Node("campaign-token"), Node(campaignToken))) }
        case .balances:
            if let mode { pairs.append((Node("mode"), Node(mode))) }
            if let shop { pairs.append((Node("shop"), Node(shop))) }
            if noDebit { pairs.append((Node("no-debit"), Node("true", Tag(.bool)))) }
            if createContacts { pairs.append((Node("create-contacts"), Node("true", Tag(.bool)))) }
        }
        let yaml = try Yams.serialize(node: Node.mapping(Node.Mapping(pairs)), allowUnicode: true)
        return "# Made by the import desk for \(input). Run it with the file beside it:\n#   loyalty-batch run THIS.yml --dry-run\n" + yaml
    }

    func save(in folder: String) throws {
        try JSONEncoder().encode(self).write(to: URL(fileURLWithPath: folder + "/mapping.json"), options: .atomic)
    }

    static func load(from folder: String) -> DeskMapping? {
        (try? Data(contentsOf: URL(fileURLWithPath: folder + "/mapping.json"))).flatMap {
            try? JSONDecoder().decode(DeskMapping.self, from: $0)
        }
    }
}

/// What the map page's form sends.
struct MapForm: Decodable {
    var csrf: String
    var target: [String]
    var onDuplicate: String?
    var blank: String?
    var type: String?
    var campaignToken: String?
    var mode: String?
    var shop: String?
    var noDebit: String?
    var createContacts: String?

    enum CodingKeys: String, CodingKey {
        case csrf, target, blank, type, mode, shop
        case onDuplicate = "on-duplicate"
        case campaignToken = "campaign-token"
        case noDebit = "no-debit"
        case createContacts = "create-contacts"
    }
}
