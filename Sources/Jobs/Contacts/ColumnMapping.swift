import BatchKit
import TextFormats

/// Where one input column goes.
package enum ColumnTarget: Sendable, Equatable {
    case email
    case referralCode
    case attribute(String)
    case ignored
}

/// An attribute of a contact as a row sets it; an empty value clears it (`--blank clear`).
package struct Attribute: Sendable, Equatable {
    package var name: String
    package var value: String

    package init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A row mapped to what the Leat contact API takes.
package struct ContactRow: Sendable, Equatable {
    package var line: Int
    /// Trimmed, ASCII capitals lower-cased: the row's key.
    package var email: String
    package var referralCode: String?
    package var attributes: [Attribute]

    package init(line: Int, email: String, referralCode: String? = nil, attributes: [Attribute] = []) {
        self.line = line
        self.email = email
        self.referralCode = referralCode
        self.attributes = attributes
    }
}

/// Decides, once per header, where each column goes, then maps rows by column position.
package struct ColumnMapping: Sendable {
    package private(set) var targets: [ColumnTarget] = []
    private let options: MappingOptions
    /// The columns the mapping covers, in the file's order (`targets` has their places).
    package private(set) var columns: [String] = []
    /// The column of the email, if any, and those of referral codes.
    private var emailColumn: Int?
    private var referralCodeColumns: [Int] = []

    /// Builds the mapping for `columns`. With `requireEmail` (CSV, whose header is known up front),
    /// a file without an email column is refused here rather than failing every row.
    package init(columns: [String], options: MappingOptions, requireEmail: Bool) throws(MappingError) {
        self.options = options
        for rename in options.renames where !columns.contains(where: { ColumnNames.same($0, rename.column) }) && requireEmail {
            throw MappingError(
                message:
                    "\(Setting.map.mention("\(rename.column)=\(rename.target)")): the file has no column '\(rename.column)'; its columns are: \(ColumnNames.list(columns))"
            )
        }
        try update(columns: columns)
        if requireEmail && !targets.contains(.email) {
            var hint = "name the email column with \(Setting.map.mention("COLUMN=email"))"
            if columns.count == 1, let only = columns.first,
                let other = [";", "\t", "|", ","].first(where: { only.contains($0) })
            {
                hint =
                    "the header is one column holding '\(other == "\t" ? "\\t" : other)': pass \(Setting.delimiter.mention(other == "\t" ? "\\t" : other))"
            }
            throw MappingError(message: "no email column among: \(ColumnNames.list(columns)); \(hint)")
        }
    }

    /// Extends the mapping to columns added since (NDJSON rows can bring new keys).
    package mutating func update(columns newColumns: [String]) throws(MappingError) {
        for column in newColumns.dropFirst(columns.count) {
            let target = try target(for: column)
            if target == .email && targets.contains(.email) {
                throw MappingError(
                    message:
                        "two columns map to email (the second is '\(column)'); map one of them elsewhere or \(Setting.map.mention()) it to an attribute"
                )
            }
            if target == .email { emailColumn = targets.count }
            if target == .referralCode { referralCodeColumns.append(targets.count) }
            targets.append(target)
            columns.append(column)
        }
    }

    private func target(for column: String) throws(MappingError) -> ColumnTarget {
        if column.isEmpty { return .ignored }
        let renamed = ColumnNames.renamed(column, by: options.renames)
        // A failed-rows file's own columns, unless mapped: its rows go back in as they are.
        if renamed == nil && FailedRowsWriter.extraColumns.contains(column) { return .ignored }
        let name = renamed ?? column
        switch name.lowercased() {
        case "email": return .email
        case "referral_code": return .referralCode
        case "-", "ignore": return .ignored
        default:
            if name != column { return .attribute(name) }
            switch options.unmapped {
            case .attribute: return .attribute(column)
            case .ignore: return .ignored
            case .error:
                throw MappingError(
                    message:
                        "column '\(column)' is not mapped: map it with \(Setting.map.mention("\(column)=ATTRIBUTE")), or pass \(Setting.unmapped.mention("ignore")) (or attribute)"
                )
            }
        }
    }

    /// Maps a row; the email is trimmed and lower-cased but not yet validated. An attribute cell
    /// that an Excel-safe export neutralised (`'=…`) gets its value back. With `keepBlanks`
    /// false, empty cells are left out whatever `--blank` says (the `merge` duplicate rule). Without
    /// `attributes`, only the email and referral code are taken (what `check` validates).
    package func map(_ row: SourceRow, keepBlanks: Bool? = nil, attributes: Bool = true) -> ContactRow {
        var contact = ContactRow(line: row.line, email: "")
        guard attributes else {
            // Two cells, found by their columns: a check maps every row of the file.
            if let emailColumn { take(.email, at: emailColumn, of: row, into: &contact) }
            for column in referralCodeColumns { take(.referralCode, at: column, of: row, into: &contact) }
            return contact
        }
        let keepBlanks = keepBlanks ?? (options.blank == .clear)
        contact.attributes.reserveCapacity(targets.count)
        row.forEachColumn(below: targets.count) { index in
            take(targets[index], at: index, of: row, into: &contact, keepBlanks: keepBlanks)
        }
        return contact
    }

    /// Puts the cell of column `index` where `target` says.
    private func take(_ target: ColumnTarget, at index: Int, of row: SourceRow, into contact: inout ContactRow, keepBlanks: Bool = false) {
        switch target {
        case .email:
            contact.email = row.withUTF8(ofCell: index, ASCIIText.emailKey)
            // A failed-rows file is Excel-safe: `'-ann@example.com` read back is `-ann@example.com`.
            if contact.email.utf8.first == UInt8(ascii: "'") {
                contact.email = String(CSVWriter.unneutralised(Substring(contact.email)))
            }
        case .referralCode:
            let code = CSVWriter.unneutralised(ASCIIText.trimmed(row.cell(index)))
            if !code.isEmpty { contact.referralCode = String(code) }
        case .attribute(let name):
            let value = CSVWriter.unneutralised(row.cell(index))
            if keepBlanks || !ASCIIText.isBlank(value) {
                contact.attributes.append(Attribute(name: name, value: String(value)))
            }
        case .ignored: break
        }
    }
}
