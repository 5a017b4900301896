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

    var context: [String: Any] {
        var context: [String: Any] = [
            "id": id, "fileName": fileName, "csrf": csrf, "detected": preview.detected, "notes": preview.notes,
            "rows": preview.rows.map { ["line": $0.line, "cells": $0.cells] as [String: Any] },
        ]
        switch kind {
        case .contacts:
            context["contacts"] = [
                "duplicateRules": Self.options(
                    [
                        ("last", "apply every row in order: the last one wins"), ("first", "apply the first row, skip the later ones"),
                        ("merge", "apply every row in order, but an empty cell never clears what an earlier row set"),
                        ("fail", "apply the first row, and list the later ones as rows to fix"),
                    ], selected: "last"),
                "blankRules": Self.options(
                    [
                        ("ignore", "leave what Leat has (the attribute is not sent)"), ("clear", "clear what Leat has"),
                    ], selected: "ignore"),
            ]
        case .invites:
            context["invites"] = [
                "types": Self.options([("", "from the type column"), ("MOBILE", "mobile numbers"), ("EMAIL", "emails")], selected: "")
            ]
        case .balances:
            context["balances"] = [
                "modes": Self.options(
                    [
                        ("", "as the points column says: a balance is reached, credits are added"),
                        ("set", "reach each member's balance: the difference is moved, nothing where it matches"),
                        ("add", "add each row's points to the member's balance"),
                    ], selected: "")
            ]
        }
        return context
    }

    /// The account's shops as the map page's choices (the first selected), for a points file.
    static func shops(_ shops: [LeatShop]) -> [[String: Any]] {
        options(shops.map { ($0.uuid, $0.name) }, selected: shops.first?.uuid ?? "")
    }

    /// Each column of a points file with its choices, suggested from its name.
    static func balanceColumns(_ preview: UploadPreview) -> [[String: Any]] {
        let fields = [
            ("email", "the member's email (email)"), ("balance", "the balance to reach (balance)"),
            ("credits", "points to add (credits)"), ("reference", "the legacy member or transaction id (reference)"),
            (DeskMapping.leaveOut, "leave out"),
        ]
        return preview.columns.enumerated().map { index, name in
            [
                "name": name, "samples": preview.samples[index].joined(separator: " · "),
                "choices": options(fields, selected: balanceSuggestion(for: name)),
            ]
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
    static func columns(_ preview: UploadPreview, attributes: [String]) -> [[String: Any]] {
        preview.columns.enumerated().map { index, name in
            let suggested = ColumnSuggestions.target(for: name, attributes: attributes) ?? DeskMapping.newAttribute
            var choices = [("email", "email")] + attributes.filter { $0 != "email" }.sorted().map { ($0, $0) }
            choices.append((DeskMapping.newAttribute, "a new attribute, '\(ColumnSuggestions.newAttributeName(for: name))'"))
            choices.append((DeskMapping.leaveOut, "leave out"))
            return [
                "name": name, "samples": preview.samples[index].joined(separator: " · "), "choices": options(choices, selected: suggested),
            ]
        }
    }

    /// What each field of an invite is, in the words of the page.
    static let inviteFields: [(InviteField, String)] = [
        (.referrerMobile, "the referrer's mobile (referrer_mobile)"), (.referrerEmail, "the referrer's email (referrer_email)"),
        (.identifier, "the invitee's mobile or email (identifier)"), (.name, "the invitee's name (name)"),
        (.type, "MOBILE or EMAIL (type)"), (.campaignToken, "the campaign token (campaign_token)"),
        (.invitedOn, "when invited (invited_on)"),
    ]

    /// Each column of an invites file with its choices: a field of an invite named as the column, or left out.
    static func inviteColumns(_ preview: UploadPreview) -> [[String: Any]] {
        preview.columns.enumerated().map { index, name in
            let suggested = InviteField.allCases.first { ColumnNames.same($0.rawValue, name.replacingOccurrences(of: " ", with: "_")) }?
                .rawValue
            let choices = inviteFields.map { ($0.0.rawValue, $0.1) } + [(DeskMapping.leaveOut, "leave out")]
            return [
                "name": name, "samples": preview.samples[index].joined(separator: " · "),
                "choices": options(choices, selected: suggested ?? DeskMapping.leaveOut),
            ]
        }
    }

    private static func options(_ pairs: [(value: String, label: String)], selected: String) -> [[String: Any]] {
        pairs.map { ["value": $0.value, "label": $0.label, "selected": $0.value == selected] }
    }
}
