import Foundation

/// Leat's JSON answers, read one way: parsed once by Foundation's `JSONSerialization` (the
/// fastest reader here for pages of records whose attributes no type can name), then taken apart
/// field by field, leniently where Leat is known to vary (a number as text).
enum LeatJSON {
    /// The answer as a JSON object; nil when it is not one.
    static func object(_ body: Data) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
    }

    /// The answer's `data` object: `{"data": {…}}`.
    static func dataObject(_ body: Data) -> [String: Any]? {
        object(body)?["data"] as? [String: Any]
    }

    /// The answer's `data` list: `{"data": [{…}, …]}`.
    static func dataList(_ body: Data) -> [[String: Any]]? {
        object(body)?["data"] as? [[String: Any]]
    }

    /// A whole number, also when written as text (`"3"`).
    static func int(_ value: Any?) -> Int? {
        (value as? Int) ?? (value as? String).flatMap { Int($0) }
    }

    /// A JSON value as cell text: strings as they are, null as "", others as JSON.
    static func text(_ value: Any) -> String {
        switch value {
        case let string as String: return string
        case is NSNull: return ""
        case let number as NSNumber:
            // Numbers print as JSON writes them.
            return isBoolean(number) ? (number.boolValue ? "true" : "false") : number.stringValue
        default:
            if let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys]) {
                return String(decoding: data, as: UTF8.self)
            }
            return String(describing: value)
        }
    }

    /// Whether a parsed JSON `NSNumber` was a boolean (its type `c`), not a number.
    static func isBoolean(_ number: NSNumber) -> Bool {
        number.objCType.pointee == CChar(UInt8(ascii: "c"))
    }
}
