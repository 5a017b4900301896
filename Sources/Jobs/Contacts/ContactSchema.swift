import BatchKit
import LeatAPI
import TextFormats

/// The account's contact attributes (`GET contact-attributes`), as an import checks its mapping
/// before the first row and each row's values before it is sent.
struct ContactSchema: Sendable {
    /// What a mapped attribute name stands for.
    enum Resolution: Sendable {
        case attribute(ContactAttribute)
        case readOnly(ContactAttribute)
        /// With the closest writable names.
        case unknown(suggestions: [String])
    }

    /// A mapped attribute name with the column it comes from, and what it stands for.
    struct Entry: Sendable {
        var column: String
        var resolution: Resolution
    }

    private var byName: [String: ContactAttribute] = [:]
    private var byLowerName: [String: [ContactAttribute]] = [:]
    let dateOrder: DateOrder
    /// Each mapped attribute name met so far (`--map` target or column name).
    private(set) var entries: [String: Entry] = [:]

    init(attributes: [ContactAttribute], dateOrder: DateOrder) {
        self.dateOrder = dateOrder
        for attribute in attributes { add(attribute) }
    }

    mutating func add(_ attribute: ContactAttribute) {
        byName[attribute.name] = attribute
        byLowerName[attribute.name.lowercased(), default: []].append(attribute)
    }

    /// The attribute `name` stands for: its exact name, else the one attribute whose name differs
    /// only in letter case (`City` → `city`).
    func resolve(_ name: String) -> Resolution {
        let match = byName[name] ?? byLowerName[name.lowercased()].flatMap { $0.count == 1 ? $0[0] : nil }
        if let match { return match.isReadOnly ? .readOnly(match) : .attribute(match) }
        let writable = byName.values.filter { !$0.isReadOnly }.map(\.name)
        return .unknown(suggestions: AttributeSuggestions.closest(to: name, among: writable))
    }

    /// Resolves the attribute columns of `mapping` not met before; returns the entries that are
    /// not writable attributes, in column order.
    mutating func admit(_ mapping: ColumnMapping) -> [(name: String, entry: Entry)] {
        var problems: [(name: String, entry: Entry)] = []
        for (column, target) in zip(mapping.columns, mapping.targets) {
            guard case .attribute(let name) = target, entries[name] == nil else { continue }
            let entry = Entry(column: column, resolution: resolve(name))
            entries[name] = entry
            if case .attribute = entry.resolution { continue }
            problems.append((name, entry))
        }
        return problems
    }

    /// The writable attributes the mapping sends, once each, with their types.
    /// A warning when columns that held numbers in an Excel sheet (`numericColumns`) go to phone,
    /// text or identifier attributes: Excel drops a leading zero from a number, and the workbook
    /// no longer has it.
    func leadingZeroWarning(numericColumns: [String]) -> String? {
        let kinds: Set<String> = ["phone", "text", "identifier"]
        let affected = entries.values.compactMap { entry -> String? in
            guard numericColumns.contains(entry.column), case .attribute(let attribute) = entry.resolution, kinds.contains(attribute.type)
            else { return nil }
            return "'\(entry.column)' (→ \(attribute.name), \(attribute.type))"
        }.sorted()
        guard !affected.isEmpty else { return nil }
        return
            "column\(affected.count == 1 ? "" : "s") \(affected.joined(separator: ", ")) held numbers in the workbook: Excel drops a leading zero (0612345678 becomes 612345678) and the workbook no longer has it; format the column as Text in Excel and type the numbers again, or check them in the report"
    }

    var mappedAttributes: [(name: String, type: String)] {
        var seen: Set<String> = []
        return entries.values.compactMap { entry in
            guard case .attribute(let attribute) = entry.resolution, seen.insert(attribute.name).inserted else { return nil }
            return (attribute.name, attribute.type)
        }.sorted { $0.name < $1.name }
    }

    /// Maps the attribute name `name` to an attribute made for it (`--create-attributes`).
    mutating func created(_ attribute: ContactAttribute, for name: String) {
        add(attribute)
        entries[name]?.resolution = .attribute(attribute)
    }

    /// Gives each of the row's attributes Leat's name and the form its type is sent in; nil when
    /// all is well, else the row's problem (`invalid-value`, `unknown-attribute`).
    func prepare(_ contact: inout ContactRow) -> Problem? {
        for index in contact.attributes.indices {
            let name = contact.attributes[index].name
            guard let entry = entries[name] else { continue }
            switch entry.resolution {
            case .attribute(let attribute):
                contact.attributes[index].name = attribute.name
                switch AttributeValue.normalised(contact.attributes[index].value, for: attribute, dateOrder: dateOrder) {
                case .success(let value): contact.attributes[index].value = value
                case .failure(let accepted):
                    return .invalidValue(
                        value: contact.attributes[index].value, column: entry.column, attribute: attribute.name, type: attribute.type,
                        accepted: accepted)
                }
            case .readOnly, .unknown:
                return Self.refusal(name, entry).map(Problem.unknownAttribute)
            }
        }
        return nil
    }

    /// Why `name` cannot be written, with the closest names; nil when it can.
    static func refusal(_ name: String, _ entry: Entry) -> AttributeRefusal? {
        switch entry.resolution {
        case .attribute: nil
        case .readOnly(let attribute): AttributeRefusal(name: name, column: entry.column, readOnlyAs: attribute.name, suggestions: [])
        case .unknown(let suggestions): AttributeRefusal(name: name, column: entry.column, readOnlyAs: nil, suggestions: suggestions)
        }
    }

    /// The name `--create-attributes` gives a new attribute for `name`: lower case, letters, digits
    /// and `_`, starting with a letter (`Klant nummer` → `klant_nummer`).
    static func newName(for name: String) -> String {
        var result = ""
        for character in name.lowercased() {
            if character.isLetter || character.isASCIIDigit {
                result.append(character)
            } else if !result.isEmpty && result.last != "_" {
                result.append("_")
            }
        }
        while result.hasSuffix("_") { result.removeLast() }
        if result.first.map({ !$0.isLetter }) ?? true { result = "attribute_" + result }
        return result
    }
}
