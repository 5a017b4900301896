import BatchKit
import TextFormats

/// The fields of an invite row, named as their default column headers.
public enum InviteField: String, Sendable, CaseIterable {
    case referrerMobile = "referrer_mobile"
    case referrerEmail = "referrer_email"
    case identifier
    case name
    case type
    case campaignToken = "campaign_token"
    case invitedOn = "invited_on"
}

/// Which column holds which ``InviteField``: a header named as a field is that field, `--map
/// 'Column=field'` renames, `--map 'Column=-'` leaves it out; other columns are not sent (they stay
/// in the failed-rows file).
struct InviteMapping: Sendable {
    /// The `--map` targets that leave a column out.
    static let leftOut: Set<String> = ["-", "ignore"]

    /// The column index of each field the file has.
    private(set) var columns: [InviteField: Int] = [:]

    private let renames: [(column: String, target: String)]
    private var names: [String] = []

    /// With `strict` (CSV, whose header is known up front), checks that the file can give every
    /// invite what it needs: an identifier, a referrer, and a type and campaign token from a column
    /// or from the defaults. Without it (NDJSON), rows lacking one fail one by one.
    init(
        columns names: [String], renames: [(column: String, target: String)], hasDefaultType: Bool, hasDefaultCampaign: Bool,
        strict: Bool
    ) throws(MappingError) {
        self.renames = renames
        for rename in renames {
            guard
                Self.leftOut.contains(rename.target)
                    || InviteField.allCases.contains(where: { ColumnNames.same($0.rawValue, rename.target) })
            else {
                throw MappingError(
                    message:
                        "\(Setting.map.mention("\(rename.column)=\(rename.target)")): '\(rename.target)' is not an invite field; use one of \(Self.fieldList)"
                )
            }
            guard !strict || names.contains(where: { ColumnNames.same($0, rename.column) }) else {
                throw MappingError(
                    message:
                        "\(Setting.map.mention("\(rename.column)=\(rename.target)")): the file has no column '\(rename.column)'; its columns are: \(ColumnNames.list(names))"
                )
            }
        }
        try update(columns: names)
        guard strict else { return }
        let hint = "name it with \(Setting.map.mention("COLUMN=FIELD")); the columns are: \(ColumnNames.list(names))"
        if columns[.identifier] == nil { throw MappingError(message: "no identifier column (the invitee's mobile or email); \(hint)") }
        if columns[.referrerMobile] == nil && columns[.referrerEmail] == nil {
            throw MappingError(message: "no referrer column (referrer_mobile or referrer_email); \(hint)")
        }
        if columns[.type] == nil && !hasDefaultType {
            throw MappingError(
                message: "no type column: pass \(Setting.type.mention("MOBILE")) or \(Setting.type.mention("EMAIL")), or \(hint)")
        }
        if columns[.campaignToken] == nil && !hasDefaultCampaign {
            throw MappingError(message: "no campaign_token column: pass \(Setting.campaignToken.mention("TOKEN")), or \(hint)")
        }
    }

    /// Extends the mapping to columns added since (NDJSON rows can bring new keys).
    mutating func update(columns newNames: [String]) throws(MappingError) {
        for (index, name) in newNames.enumerated().dropFirst(names.count) {
            let target = ColumnNames.renamed(name, by: renames) ?? name
            names.append(name)
            guard let field = InviteField.allCases.first(where: { ColumnNames.same($0.rawValue, target) }) else { continue }
            if let earlier = columns[field] {
                throw MappingError(
                    message:
                        "two columns give \(field.rawValue): '\(names[earlier])' and '\(name)'; map one of them elsewhere with \(Setting.map.mention())"
                )
            }
            columns[field] = index
        }
    }

    /// The row's cell for `field`, trimmed; empty when the file has no such column.
    func cell(_ field: InviteField, of row: SourceRow) -> String {
        guard let index = columns[field], index < row.count else { return "" }
        return String(ASCIIText.trimmed(row.cell(index)))
    }

    private static var fieldList: String { InviteField.allCases.map(\.rawValue).joined(separator: ", ") }
}
