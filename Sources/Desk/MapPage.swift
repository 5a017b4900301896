import BatchKit
import Jobs
import LeatAPI

/// The map page: what was read, and for each column where it goes, pre-filled by suggestions.
struct MapPage {
    let id: String
    let fileName: String
    let csrf: String
    let kind: JobRecord.Kind
    let preview: UploadPreview

    /// What the template shows: the columns go in as the kind of file and the account allow.
    struct View {
        struct Row {
            var line: Int
            var cells: [String]
        }

        struct Column {
            var name: String
            var samples: String
            var choices: [Choice]
        }

        struct ContactRules {
            var duplicateRules: [Choice]
            var blankRules: [Choice]
        }

        struct InviteChoices {
            var types: [Choice]
        }

        struct PointsChoices {
            var modes: [Choice]
            var shops: [Choice] = []
        }

        var id: String
        var fileName: String
        var csrf: String
        var detected: String
        var notes: [String]
        var rows: [Row]
        var columns: [Column] = []
        var contacts: ContactRules?
        var invites: InviteChoices?
        var balances: PointsChoices?
        /// Why Leat's attributes or shops could not be read.
        var leatProblem: String?
    }

    var view: View {
        var view = View(
            id: id, fileName: fileName, csrf: csrf, detected: Self.detected(preview.format),
            notes: preview.format.windows1252 ? [Words.say(.windows1252)] : [],
            rows: preview.rows.map { View.Row(line: $0.line, cells: $0.cells) })
        switch kind {
        case .contacts:
            view.contacts = View.ContactRules(
                duplicateRules: Self.options(["last", "first", "merge", "fail"], words: "duplicates", selected: "last"),
                blankRules: Self.options(["ignore", "clear"], words: "blank", selected: "ignore"))
        case .invites:
            view.invites = View.InviteChoices(types: Self.options(["", "MOBILE", "EMAIL"], words: "inviteType", selected: ""))
        case .balances:
            view.balances = View.PointsChoices(modes: Self.options(["", "set", "add"], words: "pointsMode", selected: ""))
        }
        return view
    }

    /// What the file was read as, in words.
    static func detected(_ format: UploadPreview.Format) -> String {
        switch format.kind {
        case "csv":
            let delimiter = Words.name(format.delimiter ?? ",", in: "delimiter")
            return Words.say(format.byteOrderMark ? .detectedExcelCSV : .detectedCSV, ["delimiter": delimiter])
        case "xlsx": return Words.say(.detectedWorkbook, ["sheet": format.sheet ?? ""])
        default: return Words.say(.detectedNDJSON)
        }
    }

    /// The choices `values`, each labelled by its words (`words.value`, `words.` for the empty one).
    private static func options(_ values: [String], words: String, selected: String) -> [Choice] {
        options(values.map { ($0, Words.say(words + "." + $0)) }, selected: selected)
    }

    /// The account's shops as the map page's choices (the first selected), for a points file.
    static func shops(_ shops: [LeatShop]) -> [Choice] {
        options(shops.map { ($0.uuid, $0.name) }, selected: shops.first?.uuid ?? "")
    }

    /// Each column of a points file with its choices, suggested from its name.
    static func balanceColumns(_ preview: UploadPreview) -> [View.Column] {
        let fields =
            ["email", "balance", "credits", "reference"].map { ($0, Words.say("pointsField." + $0)) } + [
                (DeskMapping.leaveOut, Words.say(.leaveOut))
            ]
        return preview.columns.enumerated().map { index, name in
            View.Column(
                name: name, samples: preview.samples[index].joined(separator: " · "),
                choices: options(fields, selected: balanceSuggestion(for: name)))
        }
    }

    /// Where a points file's column goes, by its name in English, Dutch or German.
    static func balanceSuggestion(for column: String) -> String {
        let name = column.lowercased().filter { $0.isLetter }
        if ColumnSuggestions.target(for: column, attributes: []) == "email" { return "email" }
        if ["balance", "saldo", "punten", "puntensaldo", "points", "punkte", "punktestand", "kontostand", "stand"].contains(name) {
            return "balance"
        }
        if ["credits", "credit", "bijschrijving", "gutschrift", "add"].contains(name) { return "credits" }
        if ["reference", "ref", "klantnummer", "lidnummer", "membernumber", "memberid", "kundennummer", "mitgliedsnummer", "id"].contains(
            name)
        {
            return "reference"
        }
        return DeskMapping.leaveOut
    }

    /// Each column of a contacts file with its samples and its choices, the suggested one selected.
    static func columns(_ preview: UploadPreview, attributes: [String]) -> [View.Column] {
        preview.columns.enumerated().map { index, name in
            let suggested = ColumnSuggestions.target(for: name, attributes: attributes) ?? DeskMapping.newAttribute
            var choices = [("email", "email")] + attributes.filter { $0 != "email" }.sorted().map { ($0, $0) }
            choices.append((DeskMapping.newAttribute, Words.say(.newAttribute, ["name": ColumnSuggestions.newAttributeName(for: name)])))
            choices.append((DeskMapping.leaveOut, Words.say(.leaveOut)))
            return View.Column(
                name: name, samples: preview.samples[index].joined(separator: " · "), choices: options(choices, selected: suggested))
        }
    }

    /// Each column of an invites file with its choices: a field of an invite named as the column, or left out.
    static func inviteColumns(_ preview: UploadPreview) -> [View.Column] {
        preview.columns.enumerated().map { index, name in
            let suggested = InviteField.allCases.first { ColumnNames.same($0.rawValue, name.replacingOccurrences(of: " ", with: "_")) }?
                .rawValue
            let choices =
                InviteField.allCases.map { ($0.rawValue, Words.say("inviteField." + $0.rawValue)) } + [
                    (DeskMapping.leaveOut, Words.say(.leaveOut))
                ]
            return View.Column(
                name: name, samples: preview.samples[index].joined(separator: " · "),
                choices: options(choices, selected: suggested ?? DeskMapping.leaveOut))
        }
    }

    private static func options(_ pairs: [(value: String, label: String)], selected: String) -> [Choice] {
        pairs.map { Choice(value: $0.value, label: $0.label, selected: $0.value == selected) }
    }
}
