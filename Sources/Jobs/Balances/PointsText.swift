import BatchKit
import TextFormats

/// A points cell as people and spreadsheets write it in Dutch, German or English: `1234`,
/// `1.234`, `1,234`, `1 234`, `1.234.567`, `-50`, `+50`, `12,00`. Points are whole numbers, so a
/// single `.` or `,` followed by exactly three digits groups thousands; a cell that could be read
/// either way (`0,500`) fails with a hint, and so does one that is not whole (`12,5`).
enum PointsText {
    /// Whole points from `text` (trimmed); the problem when it is not a whole number of points.
    static func parse(_ text: Substring) -> Result<Int, Problem> {
        var body = text.trimmingCharacters(in: .whitespaces)
        var negative = false
        if let sign = body.first, sign == "-" || sign == "+" || sign == "\u{2212}" {
            negative = sign != "+"
            body.removeFirst()
        }
        // Spaces (also Excel's no-break and narrow no-break spaces) only ever group thousands.
        let groups = body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == " " || $0 == "\u{A0}" || $0 == "\u{202F}" })
        guard !body.isEmpty, groups.dropFirst().allSatisfy({ $0.count >= 3 }) else {
            return .failure(.invalidPoints(String(text), reason: .notANumber))
        }
        let compact = groups.joined()
        guard compact.allSatisfy({ $0.isASCIIDigit || $0 == "." || $0 == "," }), compact.first?.isASCIIDigit == true else {
            return .failure(.invalidPoints(String(text), reason: .notANumber))
        }
        let separators = Set(compact.filter { $0 == "." || $0 == "," })
        var digits: String
        switch separators.count {
        case 0:
            digits = compact
        case 1:
            let separator = separators.first!
            let parts = compact.split(separator: separator, omittingEmptySubsequences: false)
            if parts.count > 2 || (parts.last!.count == 3 && !(parts.first!.hasPrefix("0"))) {
                // Thousands: every group after the first of three digits.
                guard parts.dropFirst().allSatisfy({ $0.count == 3 }), (1...3).contains(parts.first!.count) else {
                    return .failure(.invalidPoints(String(text), reason: .notThousands))
                }
                digits = parts.joined()
            } else if parts.last!.count == 3 {
                return .failure(.ambiguousPoints(String(text), whole: Int(parts.joined()) ?? 0, integerPart: String(parts[0])))
            } else {
                guard parts.last!.allSatisfy({ $0 == "0" }) else { return .failure(.invalidPoints(String(text), reason: .notWhole)) }
                digits = String(parts[0])
            }
        default:
            // Both: the last one is the decimal separator, the other groups thousands.
            let decimal: Character = compact.lastIndex(of: ".")! > compact.lastIndex(of: ",")! ? "." : ","
            let parts = compact.split(separator: decimal, omittingEmptySubsequences: false)
            guard parts.count == 2, parts[1].allSatisfy({ $0 == "0" }) else {
                return .failure(.invalidPoints(String(text), reason: .notWhole))
            }
            let grouped = parts[0].split(separator: decimal == "." ? "," : ".", omittingEmptySubsequences: false)
            guard grouped.dropFirst().allSatisfy({ $0.count == 3 }), (1...3).contains(grouped.first!.count) else {
                return .failure(.invalidPoints(String(text), reason: .notThousands))
            }
            digits = grouped.joined()
        }
        guard digits.count <= 10, let value = Int(digits), value <= Int(Int32.max) else {
            return .failure(.invalidPoints(String(text), reason: .tooLarge))
        }
        return .success(negative ? -value : value)
    }
}
