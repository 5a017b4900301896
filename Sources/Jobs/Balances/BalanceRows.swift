import BatchKit
import LeatAPI
import TextFormats

/// How a balances file's points are taken.
public enum BalanceMode: String, Sendable, CaseIterable {
    /// The points are the member's balance to reach: the difference is sent, nothing when equal.
    case set
    /// The points are added (or, negative, taken off).
    case add
}

/// What `loyalty-batch import balances` is told.
public struct BalanceOptions: Sendable {
    public var read = ReadOptions()
    /// `--map 'Column=target'`: `email`, `balance`, `credits`, `reference`, or `-` to leave it out.
    public var renames: [(column: String, target: String)] = []
    /// nil: `set` with a balance column, `add` with a credits column.
    public var mode: BalanceMode?
    /// A row that would take points off fails (`would-debit`) instead.
    public var noDebit = false
    /// The shop, by uuid or name; nil: the account's only shop.
    public var shop: String?
    /// Members not in Leat are created first (find-or-create) instead of failing `contact-not-found`.
    public var createContacts = false
    /// The loyalty-transaction attribute every reception carries its reference in.
    public var referenceAttribute = "loyalty_batch_ref"
    /// The job's part of each reference; nil: from the file's contents, so that the same file is the same job.
    public var jobID: String?
    /// Whether the account's contacts (and balances) are listed first (`--changed-only`).
    public var changedOnly: ChangedOnly = .auto
    public var run = RunSettings()

    public init() {}

    /// Where a column of a balances file may go (besides `-`, left out).
    public static let columnTargets = BalanceMapping.targets
}

/// A valid row of a balances file.
struct BalanceRow: Sendable {
    var line: Int
    var email: String
    /// The balance to reach (set) or the points to add (add).
    var points: Int
    /// The legacy system's member or transaction id, when the file has one.
    var reference: String?
}

/// The columns of a balances file and how each row reads: the email, the points (a balance or
/// credits), an optional reference; every other column is left out.
struct BalanceMapping {
    static let targets = ["email", "balance", "credits", "reference"]

    let email: Int
    let points: Int
    let pointsAreBalance: Bool
    let reference: Int?

    /// Maps `columns` (a column named as a target is that target unless `--map` says otherwise).
    init(columns: [String], renames: [(column: String, target: String)]) throws(MappingError) {
        var found: [String: Int] = [:]
        for (index, column) in columns.enumerated() {
            let target =
                ColumnNames.renamed(column, by: renames) ?? (Self.targets.contains(column.lowercased()) ? column.lowercased() : "-")
            guard target != "-" else { continue }
            guard Self.targets.contains(target) else {
                throw MappingError(
                    message:
                        "\(Setting.map.mention("\(column)=\(target)")): a column of a balances file is email, balance, credits, reference or - (left out)"
                )
            }
            if let earlier = found[target] {
                throw MappingError(
                    message:
                        "columns '\(columns[earlier])' and '\(column)' are both \(target): map one of them with \(Setting.map.mention("COLUMN=-"))"
                )
            }
            found[target] = index
        }
        guard let email = found["email"] else {
            throw MappingError(
                message: "no email column among \(ColumnNames.list(columns)); name it with \(Setting.map.mention("COLUMN=email"))")
        }
        switch (found["balance"], found["credits"]) {
        case (let balance?, nil): (points, pointsAreBalance) = (balance, true)
        case (nil, let credits?): (points, pointsAreBalance) = (credits, false)
        case (nil, nil):
            throw MappingError(
                message:
                    "no points column among \(ColumnNames.list(columns)): map the balance to reach with \(Setting.map.mention("COLUMN=balance")), or the points to add with \(Setting.map.mention("COLUMN=credits"))"
            )
        case (_?, _?):
            throw MappingError(
                message:
                    "both a balance and a credits column: a file either sets balances or adds points; leave one out with \(Setting.map.mention("COLUMN=-"))"
            )
        }
        self.email = email
        reference = found["reference"]
    }

    /// The row as a balance row, nil for an empty points cell (nothing to set), or its problem.
    func read(_ row: SourceRow) -> Result<BalanceRow?, Problem> {
        if let problem = row.problem { return .failure(.unreadable(problem)) }
        let email = row.withUTF8(ofCell: self.email, ASCIIText.emailKey)
        guard !email.isEmpty else { return .failure(.missingEmail) }
        if let fault = EmailAddress.problem(with: email) { return .failure(.invalidEmail(email, fault)) }
        let cell = ASCIIText.trimmed(row.cell(points))
        guard !cell.isEmpty else { return .success(nil) }
        return PointsText.parse(cell).map { points in
            let reference = self.reference.map { String(ASCIIText.trimmed(row.cell($0))) }
            return BalanceRow(line: row.line, email: email, points: points, reference: reference?.isEmpty == false ? reference : nil)
        }
    }
}

/// The rows of a balances file in order: each read by its ``BalanceMapping``; in set mode, a
/// member's second row is refused (`duplicate-member`: one balance a member).
struct BalanceValidator {
    private(set) var mapping: BalanceMapping
    let setsBalances: Bool
    private var firstLine: [String: Int] = [:]

    init(columns: [String], options: BalanceOptions) throws(MappingError) {
        mapping = try BalanceMapping(columns: columns, renames: options.renames)
        setsBalances = (options.mode ?? (mapping.pointsAreBalance ? .set : .add)) == .set
    }

    mutating func update(columns: [String], renames: [(column: String, target: String)]) throws(MappingError) {
        mapping = try BalanceMapping(columns: columns, renames: renames)
    }

    /// The row's balance row (nil: an empty points cell), or its problem.
    mutating func validate(_ row: SourceRow) -> Result<BalanceRow?, Problem> {
        let read = mapping.read(row)
        guard setsBalances, case .success(let balance?) = read else { return read }
        if let first = firstLine[balance.email] {
            return .failure(.sameMember(firstLine: first))
        }
        firstLine[balance.email] = row.line
        return read
    }

    /// The row's key for its report line: its email as written.
    func key(of row: SourceRow) -> String {
        row.problem == nil ? String(ASCIIText.trimmed(row.cell(mapping.email))) : ""
    }
}
