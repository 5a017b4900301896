import Jobs
import Yams

/// The map page: what was read, and for each column where it goes, pre-filled by suggestions.
struct MapPage {
    let id: String
    let fileName: String
    let csrf: String
    let preview: UploadPreview

    /// A column's choice: `email`, an attribute's name, a new attribute, or left out.
    static let newAttribute = "+new"
    static let leaveOut = "-"

    var context: [String: Any] {
        [
            "id": id, "fileName": fileName, "csrf": csrf, "detected": preview.detected, "notes": preview.notes,
            "rows": preview.rows.map { ["line": $0.line, "cells": $0.cells] as [String: Any] },
            "duplicateRules": Self.options([
                ("last", "apply every row in order: the last one wins"), ("first", "apply the first row, skip the later ones"),
                ("merge", "apply every row in order, but an empty cell never clears what an earlier row set"),
                ("fail", "apply the first row, and list the later ones as rows to fix"),
            ], selected: "last"),
            "blankRules": Self.options([
                ("ignore", "leave what Leat has (the attribute is not sent)"), ("clear", "clear what Leat has"),
            ], selected: "ignore"),
        ]
    }

    /// Each column with its samples and its choices, the suggested one selected.
    static func columns(_ preview: UploadPreview, attributes: [String]) -> [[String: Any]] {
        preview.columns.enumerated().map { index, name in
            let suggested = ColumnSuggestions.target(for: name, attributes: attributes) ?? newAttribute
            var choices = [("email", "email")] + attributes.filter { $0 != "email" }.sorted().map { ($0, $0) }
            choices.append((newAttribute, "a new attribute, '\(ColumnSuggestions.newAttributeName(for: name))'"))
            choices.append((leaveOut, "leave out"))
            return ["name": name, "samples": preview.samples[index].joined(separator: " · "), "choices": options(choices, selected: suggested)]
        }
    }

    private static func options(_ pairs: [(value: String, label: String)], selected: String) -> [[String: Any]] {
        pairs.map { ["value": $0.value, "label": $0.label, "selected": $0.value == selected] }
    }

    /// The job file `loyalty-batch run` takes for the choices in `form`, beside the file `input`.
    static func jobFile(input: String, columns: [String], form: MapForm) throws -> String {
        guard form.target.count == columns.count else { throw DeskProblem(message: "the form has \(form.target.count) choices for \(columns.count) columns; open the page again") }
        guard form.target.filter({ $0 == "email" }).count == 1 else {
            throw DeskProblem(message: "choose exactly one column for email: Leat finds or creates each contact by it")
        }
        guard ["first", "last", "merge", "fail"].contains(form.onDuplicate), ["ignore", "clear"].contains(form.blank) else {
            throw DeskProblem(message: "choose one of the rules for duplicates and empty cells")
        }
        var map: [(Node, Node)] = []
        for (column, target) in zip(columns, form.target) {
            let to = target == newAttribute ? ColumnSuggestions.newAttributeName(for: column) : target
            map.append((Node(column), Node(to)))
        }
        var pairs: [(Node, Node)] = [
            (Node("job"), Node("import contacts")), (Node("input"), Node(input)), (Node("map"), Node.mapping(Node.Mapping(map))),
            (Node("on-duplicate"), Node(form.onDuplicate)), (Node("blank"), Node(form.blank)),
        ]
        if form.target.contains(newAttribute) { pairs.append((Node("create-attributes"), Node("true", Tag(.bool)))) }
        let yaml = try Yams.serialize(node: Node.mapping(Node.Mapping(pairs)), allowUnicode: true)
        return "# Made by the import desk for \(input). Run it with the file beside it:\n#   loyalty-batch run THIS.yml --dry-run\n" + yaml
    }
}

/// What the map page's form sends.
struct MapForm: Decodable {
    var csrf: String
    var target: [String]
    var onDuplicate: String
    var blank: String

    enum CodingKeys: String, CodingKey {
        case csrf, target, blank
        case onDuplicate = "on-duplicate"
    }
}
