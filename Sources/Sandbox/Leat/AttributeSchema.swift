import Foundation
import TextFormats

/// A contact attribute of the sandbox's account, as `GET contact-attributes` lists it.
public struct SandboxAttribute: Sendable, Equatable {
    public var name: String
    public var label: String
    /// Leat's data type: `text`, `number`, `float`, `date`, `birth_date`, `date_time`, `boolean`,
    /// `select`, `multi_select`, `phone`, `email`, `url`, `color`, …
    public var type: String
    public var description: String?
    /// The values a `select` or `multi_select` takes.
    public var options: [String]
    public var isReadOnly = false
    public var isPiggyDefined = false

    public init(name: String, type: String = "text", options: [String] = [], label: String? = nil, description: String? = nil) {
        self.name = name
        self.label = label ?? (name.prefix(1).uppercased() + name.dropFirst().replacingOccurrences(of: "_", with: " "))
        self.type = type
        self.description = description
        self.options = options
    }

    /// Parses `--attribute NAME[:TYPE[:OPTION|OPTION…]]` (`gender:select:m|f|x`).
    public init?(argument: String) {
        let parts = argument.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard AttributeSchema.isName(parts[0]) else { return nil }
        let type = parts.count > 1 ? parts[1] : "text"
        guard Self.types.contains(type) else { return nil }
        self.init(name: parts[0], type: type, options: parts.count > 2 ? parts[2].split(separator: "|").map(String.init) : [])
    }

    /// The data types `POST contact-attributes` takes (Leat's SDK, `CustomAttributeTypes`).
    public static let types = [
        "text", "long_text", "rich_text", "number", "float", "date", "birth_date", "date_time", "boolean", "select",
        "multi_select", "phone", "email", "url", "color", "identifier", "license_plate",
    ]

    var payload: JSONValue {
        .object([
            "name": .string(name),
            "label": .string(label),
            "type": .string(type),
            "description": description.map { .string($0) } ?? .null,
            "is_soft_read_only": .bool(false),
            "is_hard_read_only": .bool(isReadOnly),
            "is_piggy_defined": .bool(isPiggyDefined),
            "options": .array(options.map { .object(["name": .string($0), "value": .string($0)]) }),
        ])
    }

    /// Why `value` cannot be this attribute's value (Leat's 1003 message), nil when it can. An empty
    /// value or null clears the attribute and is always taken.
    func problem(with value: JSONValue) -> String? {
        guard let text = value.text, !text.isEmpty else { return nil }
        switch type {
        case "number": return Int(text) == nil ? "The \(name) must be an integer." : nil
        case "float": return Double(text).map { $0.isFinite } == true ? nil : "The \(name) must be a number."
        case "boolean": return ["true", "false", "1", "0"].contains(text) ? nil : "The \(name) field must be true or false."
        case "date", "birth_date": return Self.isISODate(text) ? nil : "The \(name) is not a valid date (YYYY-MM-DD)."
        case "date_time": return Timestamp.parse(text) == nil ? "The \(name) is not a valid date and time (ISO 8601)." : nil
        case "select": return options.contains(text) ? nil : "The selected \(name) is invalid."
        case "multi_select":
            return text.split(separator: ",").allSatisfy { options.contains(String($0)) } ? nil : "The selected \(name) is invalid."
        case "email": return text.contains("@") && !text.contains(" ") ? nil : "The \(name) must be a valid email address."
        case "url": return text.hasPrefix("http://") || text.hasPrefix("https://") ? nil : "The \(name) must be a valid URL."
        case "phone":
            let digits = text.filter(\.isASCIIDigit).count
            let allowed = text.allSatisfy { $0.isASCIIDigit || " +-().".contains($0) }
            return allowed && (6...15).contains(digits) ? nil : "The \(name) must be a valid phone number."
        default: return nil
        }
    }

    /// `YYYY-MM-DD`, a day that exists.
    static func isISODate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month), day >= 1
        else {
            return false
        }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }
}

/// The account's contact attributes: Leat's defaults, the system values (read-only), and custom
/// ones (`--attribute` at start, `POST contact-attributes` later), in the order they were made.
struct AttributeSchema {
    private(set) var attributes: [SandboxAttribute] = []
    private var index: [String: Int] = [:]

    /// The most characters a text value may have; nil: any.
    var maxTextLength: Int?

    init(custom: [SandboxAttribute]) {
        let types = ["birthdate": "birth_date", "phonenumber": "phone", "housenumber": "number"]
        for name in defaultAttributes {
            var attribute = SandboxAttribute(name: name, type: types[name] ?? "text")
            attribute.isPiggyDefined = true
            add(attribute)
        }
        for name in systemAttributes.sorted() {
            var attribute = SandboxAttribute(name: name)
            attribute.isPiggyDefined = true
            attribute.isReadOnly = true
            add(attribute)
        }
        for attribute in custom where self[attribute.name] == nil { add(attribute) }
    }

    subscript(name: String) -> SandboxAttribute? {
        index[name].map { attributes[$0] }
    }

    mutating func add(_ attribute: SandboxAttribute) {
        index[attribute.name] = attributes.count
        attributes.append(attribute)
    }

    /// Why `PUT contacts/{uuid}` cannot set `name` to `value`, as Leat's 1003 says it; nil when it can.
    func problem(setting name: String, to value: JSONValue) -> String? {
        guard let attribute = self[name] else { return "The attribute '\(name)' does not exist." }
        if attribute.isReadOnly { return "The \(name) attribute is a system value and cannot be updated." }
        switch value {
        case .array, .object: return "The \(name) attribute must be a single value."
        default:
            if attribute.type == "text", let most = maxTextLength, let text = value.text, text.count > most {
                return "The \(name) may not be greater than \(most) characters."
            }
            return attribute.problem(with: value)
        }
    }

    /// A well-formed attribute name: a letter, then letters, digits and `_`.
    static func isName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.properties.isAlphabetic else { return false }
        return name.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" }
    }
}
