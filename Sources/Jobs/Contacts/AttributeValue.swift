import BatchKit
import LeatAPI
import TextFormats

/// What a Leat attribute's type takes, checked offline before a row is sent, and the form it is
/// sent in: dates become ISO 8601, booleans `1`/`0`, a select's option its value.
enum AttributeValue {
    /// The value to send for `value`, or what the type accepts (for the row's `invalid-value`
    /// message). An empty value clears the attribute and is always taken.
    static func normalised(_ value: String, for attribute: ContactAttribute, dateOrder: DateOrder) -> Result<String, ValueProblem> {
        switch attribute.type {
        case "number", "float", "boolean", "date", "birth_date", "date_time", "select", "multi_select", "email", "url", "phone", "color":
            break
        default: return .success(value)
        }
        let trimmed = value.trimmed
        if trimmed.isEmpty { return .success(value) }
        switch attribute.type {
        case "number":
            let bytes = trimmed.utf8
            let digits = bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") ? bytes.dropFirst() : bytes[...]
            return !digits.isEmpty && digits.allSatisfy(ASCII.isDigit) ? .success(trimmed) : .fail("a whole number, like 12", .wholeNumber)
        case "float":
            let point = trimmed.contains(".") ? trimmed : trimmed.replacingOccurrences(of: ",", with: ".")
            return Double(point).map(\.isFinite) == true && point.allSatisfy({ $0.isASCIIDigit || "+-.".contains($0) })
                ? .success(point) : .fail("a number, like 12.5", .number)
        case "boolean":
            switch trimmed.lowercased() {
            case "true", "1", "yes": return .success("1")
            case "false", "0", "no": return .success("0")
            default: return .fail("true or false (also 1 or 0, yes or no)", .boolean)
            }
        case "date", "birth_date":
            return DateText.iso(trimmed, order: dateOrder).mapError {
                ValueProblem(hint: "a date: \($0.hint)", phrasing: .accepted(.date, ["why": .phrase($0.phrasing)]))
            }
        case "date_time":
            if trimmed.count >= 16, case .success(let day) = DateText.iso(String(trimmed.prefix(10)), order: .ymd) {
                return .success(day + "T" + trimmed.dropFirst(11))
            }
            return DateText.iso(trimmed, order: dateOrder).map { $0 + "T00:00:00" }
                .mapError { _ in ValueProblem(hint: "a date and time, like 1990-12-31T14:30:00", phrasing: .accepted(.dateTime)) }
        case "select":
            return option(trimmed, of: attribute).map { .success($0) } ?? .failure(choices(attribute))
        case "multi_select":
            var values: [String] = []
            for part in trimmed.split(separator: ",") {
                guard let value = option(part.trimmed, of: attribute) else {
                    let one = choices(attribute)
                    return .fail("\(one.hint), several separated by commas", .severalOf, ["choices": .phrase(one.phrasing)])
                }
                values.append(value)
            }
            return .success(values.joined(separator: ","))
        case "email":
            return EmailAddress.problem(with: trimmed) == nil ? .success(trimmed) : .fail("an email address", .email)
        case "url":
            let lower = trimmed.lowercased()
            return (lower.hasPrefix("http://") || lower.hasPrefix("https://")) && !trimmed.contains(" ")
                ? .success(trimmed) : .fail("a web address starting with https://", .url)
        case "phone":
            let digits = trimmed.utf8.count(where: ASCII.isDigit)
            return trimmed.utf8.allSatisfy({ ASCII.isDigit($0) || Self.phoneMarks.contains($0) }) && (6...15).contains(digits)
                ? .success(trimmed) : .fail("a phone number of 6 to 15 digits, like +31 6 12345678", .phone)
        case "color":
            let hex = trimmed.dropFirst()
            return trimmed.hasPrefix("#") && [3, 6].contains(hex.count) && hex.allSatisfy(\.isHexDigit)
                ? .success(trimmed) : .fail("a colour like #1a2b3c", .colour)
        default:
            return .success(value)
        }
    }

    /// What a phone number may hold besides digits.
    private static let phoneMarks = Set(" +-().".utf8)

    /// The option `text` names: its value, or its value or name in other letter case.
    private static func option(_ text: String, of attribute: ContactAttribute) -> String? {
        if attribute.options.contains(where: { $0.value == text }) { return text }
        let lower = text.lowercased()
        return attribute.options.first { $0.value.lowercased() == lower || $0.name.lowercased() == lower }?.value
    }

    private static func choices(_ attribute: ContactAttribute) -> ValueProblem {
        let values = attribute.options.map(\.value)
        let shown = values.prefix(10).map { "'\($0)'" }.joined(separator: ", ")
        let more = values.count - 10
        return more > 0
            ? ValueProblem(
                hint: "one of \(shown) (and \(more) more)", phrasing: .accepted(.oneOfMore, ["choices": "\(shown)", "more": "\(more)"]))
            : ValueProblem(hint: "one of \(shown)", phrasing: .accepted(.oneOf, ["choices": "\(shown)"]))
    }
}
