/// `GET contact-attributes`: the account's contact attributes as Leat's SDK reads them (`name`,
/// `label`, `type`, `description`, `is_soft_read_only`, `is_hard_read_only`, `is_piggy_defined`,
/// `options`): Leat's defaults, the system values (read-only), and the custom attributes the
/// sandbox's contacts have.
enum ContactAttributes {
    static func payload(custom: [String]) -> JSONValue {
        let defaults = defaultAttributes.map { attribute($0, type: type(of: $0), piggyDefined: true, readOnly: false) }
        let system = systemAttributes.sorted().map { attribute($0, type: "text", piggyDefined: true, readOnly: true) }
        let customs = custom.map { attribute($0, type: "text", piggyDefined: false, readOnly: false) }
        return .array(defaults + system + customs)
    }

    private static func type(of name: String) -> String {
        switch name {
        case "birthdate": "birth_date"
        case "phonenumber": "phone"
        default: "text"
        }
    }

    private static func attribute(_ name: String, type: String, piggyDefined: Bool, readOnly: Bool) -> JSONValue {
        .object([
            "name": .string(name),
            "label": .string(name.prefix(1).uppercased() + name.dropFirst().replacingOccurrences(of: "_", with: " ")),
            "type": .string(type),
            "description": .null,
            "is_soft_read_only": .bool(false),
            "is_hard_read_only": .bool(readOnly),
            "is_piggy_defined": .bool(piggyDefined),
            "options": .array([]),
        ])
    }
}
