import BatchKit
import Foundation
import Jobs
import Yams

/// Where each column of an upload goes, and the rules, as the map page's form chose them; kept
/// beside the upload as `mapping.json`.
struct DeskMapping: Codable, Sendable {
    /// A column's choice: `email`, an attribute's name, a new attribute, or left out.
    static let newAttribute = "+new"
    static let leaveOut = "-"

    var targets: [String]
    var onDuplicate: String
    var blank: String

    /// The form's choices for `columns`, checked: one email column, known rules.
    init(form: MapForm, columns: [String]) throws(DeskProblem) {
        guard form.target.count == columns.count else { throw DeskProblem(message: "the form has \(form.target.count) choices for \(columns.count) columns; open the page again") }
        guard form.target.filter({ $0 == "email" }).count == 1 else {
            throw DeskProblem(message: "choose exactly one column for email: Leat finds or creates each contact by it")
        }
        guard DuplicateRule(rawValue: form.onDuplicate) != nil, BlankCells(rawValue: form.blank) != nil else {
            throw DeskProblem(message: "choose one of the rules for duplicates and empty cells")
        }
        targets = form.target
        onDuplicate = form.onDuplicate
        blank = form.blank
    }

    /// Each column and the name it goes to (`-`: left out).
    func renames(_ columns: [String]) -> [(column: String, target: String)] {
        zip(columns, targets).map { column, target in (column, target == Self.newAttribute ? ColumnSuggestions.newAttributeName(for: column) : target) }
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

    /// The job file `loyalty-batch run` takes for this mapping, beside the file `input`.
    func jobFile(input: String, columns: [String]) throws -> String {
        let map = renames(columns).map { (Node($0.column), Node($0.target)) }
        var pairs: [(Node, Node)] = [
            (Node("job"), Node("import contacts")), (Node("input"), Node(input)), (Node("map"), Node.mapping(Node.Mapping(map))),
            (Node("on-duplicate"), Node(onDuplicate)), (Node("blank"), Node(blank)),
        ]
        if createsAttributes { pairs.append((Node("create-attributes"), Node("true", Tag(.bool)))) }
        let yaml = try Yams.serialize(node: Node.mapping(Node.Mapping(pairs)), allowUnicode: true)
        return "# Made by the import desk for \(input). Run it with the file beside it:\n#   loyalty-batch run THIS.yml --dry-run\n" + yaml
    }

    func save(in folder: String) throws {
        try JSONEncoder().encode(self).write(to: URL(fileURLWithPath: folder + "/mapping.json"), options: .atomic)
    }

    static func load(from folder: String) -> DeskMapping? {
        (try? Data(contentsOf: URL(fileURLWithPath: folder + "/mapping.json"))).flatMap { try? JSONDecoder().decode(DeskMapping.self, from: $0) }
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
