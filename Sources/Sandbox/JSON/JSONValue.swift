import Foundation

/// Any JSON value: for payloads whose keys are data (attributes, current values) and for `meta: []`.
/// Decoded from request bodies; written by ``write(to:)``.
package enum JSONValue: Decodable, Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Strings first: attribute values mostly are, and every failed attempt builds a
        // DecodingError with its message.
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(JSONObject(sorting: try container.decode([String: JSONValue].self)))
        }
    }

    /// A value as `JSONSerialization` gives it: booleans are `NSNumber`s of type `c`.
    init(foundation value: Any) {
        switch value {
        case let string as String: self = .string(string)
        case let number as NSNumber:
            switch UInt8(bitPattern: number.objCType.pointee) {
            case UInt8(ascii: "c"): self = .bool(number.boolValue)
            case UInt8(ascii: "d"), UInt8(ascii: "f"):
                self = Int(exactly: number.doubleValue).map { .int($0) } ?? .double(number.doubleValue)
            default: self = .int(number.intValue)
            }
        case let array as [Any]: self = .array(array.map(JSONValue.init(foundation:)))
        case let object as [String: Any]: self = .object(JSONObject(sorting: object.mapValues(JSONValue.init(foundation:))))
        default: self = .null
        }
    }

    /// The value as attribute text: strings as they are, numbers and booleans as JSON, null as nil.
    var text: String? {
        switch self {
        case .null: nil
        case .bool(let value): value ? "true" : "false"
        case .int(let value): String(value)
        case .double(let value): String(value)
        case .string(let value): value
        case .array, .object: nil
        }
    }
}
