import Foundation

/// How a number format shows a number: as a date, a time of day, or both; nil for a plain number.
enum ExcelDateKind: Sendable, Equatable {
    case date, time, dateTime

    /// The kind of number format `id` (with its `code` when the workbook defines one): Excel's
    /// built-in date and time formats by id, and any format whose code has date or time parts
    /// outside quotes, brackets and escapes (`dd/mm/yyyy`, `[$-413]d mmmm yyyy`, `hh:mm`).
    init?(formatID id: Int, code: String?) {
        switch id {
        case 14...17, 27...31, 34...36, 50...58: self = .date
        case 18...21, 32, 33, 45...47: self = .time
        case 22: self = .dateTime
        default:
            guard let code else { return nil }
            var hasDate = false
            var hasTime = false
            var quoted = false
            var escaped = false
            var bracket: String?
            // Up to the first `;`: the section positive numbers use.
            sections: for character in code.lowercased() {
                if escaped {
                    escaped = false
                } else if quoted {
                    quoted = character != "\""
                } else if let inside = bracket {
                    guard character == "]" else {
                        bracket = inside + String(character)
                        continue
                    }
                    // [h], [mm], [ss]: elapsed time; [Red], [$-413], [>=100]: not date parts.
                    if let first = inside.first, "hms".contains(first), inside.allSatisfy({ $0 == first }) { hasTime = true }
                    bracket = nil
                } else {
                    switch character {
                    case "\"": quoted = true
                    case "[": bracket = ""
                    case "\\", "_", "*": escaped = true
                    case ";": break sections
                    case "y", "d": hasDate = true
                    case "h", "s": hasTime = true
                    default: break
                    }
                }
            }
            switch (hasDate, hasTime) {
            case (true, true): self = .dateTime
            case (true, false): self = .date
            case (false, true): self = .time
            case (false, false): return nil
            }
        }
    }
}

/// Cell values as Excel shows them, from the text a worksheet stores.
enum ExcelValues {
    /// A number as General shows it, without exponent or float noise: `31612345678` (stored as
    /// `3.1612345678E10`), `0.1` (stored as `0.10000000000000001`), `-12.5`. Text that is not a
    /// number stays as it is.
    static func general(_ stored: String) -> String {
        guard let number = Double(stored), number.isFinite else { return stored }
        if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        return plainDecimal(number.description)
    }

    /// Swift's shortest round-trip form of a number, with any exponent written out (`1e-07` →
    /// `0.0000001`, `1.5e+20` → `150000000000000000000`).
    static func plainDecimal(_ shortest: String) -> String {
        guard let e = shortest.firstIndex(where: { $0 == "e" || $0 == "E" }), let exponent = Int(shortest[shortest.index(after: e)...])
        else {
            return shortest
        }
        var mantissa = shortest[..<e]
        let negative = mantissa.hasPrefix("-")
        if negative { mantissa.removeFirst() }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(parts[0])
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        var digits = whole + fraction
        var point = whole.count + exponent
        if point <= 0 {
            digits = String(repeating: "0", count: 1 - point) + digits
            point = 1
        } else if point > digits.count {
            digits += String(repeating: "0", count: point - digits.count)
        }
        var integer = String(digits.prefix(point))
        var rest = String(digits.dropFirst(point))
        while rest.hasSuffix("0") { rest.removeLast() }
        while integer.count > 1 && integer.hasPrefix("0") { integer.removeFirst() }
        return (negative ? "-" : "") + integer + (rest.isEmpty ? "" : "." + rest)
    }

    /// A date serial as ISO 8601: `YYYY-MM-DD`, `HH:MM:SS` or `YYYY-MM-DDTHH:MM:SS` by `kind`, to
    /// the nearest second. In the 1900 date system serial 1 is 1900-01-01 and serial 60 is the
    /// 29 February 1900 that Lotus 1-2-3 believed in and Excel kept (shown as such); in the 1904
    /// system serial 0 is 1904-01-01. A serial out of Excel's range (negative, past 9999) stays a number.
    static func date(_ serial: Double, kind: ExcelDateKind, date1904: Bool) -> String? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        let seconds = Int((serial * 86_400).rounded())
        var day = seconds / 86_400
        let time = seconds % 86_400
        let clock = ISOText.clock(hours: time / 3600, minutes: time / 60 % 60, seconds: time % 60)
        if kind == .time && day == 0 { return clock }
        let text: String
        if date1904 {
            text = civil(daysSince1970: day + days1904)
        } else if day == 60 {
            text = "1900-02-29"
        } else {
            if day < 60 { day += 1 }  // before Lotus's 29 February, serials run one day ahead
            text = civil(daysSince1970: day + days1899)
        }
        return kind == .date ? text : text + "T" + clock
    }

    /// 1899-12-30 and 1904-01-01, as days since 1970-01-01.
    private static let days1899 = -25_569
    private static let days1904 = -24_107

    /// A day as `YYYY-MM-DD` (proleptic Gregorian; Howard Hinnant's days-to-civil).
    private static func civil(daysSince1970 days: Int) -> String {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let dayOfMonth = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return ISOText.day(year: year, month: month, day: dayOfMonth)
    }

    /// Text with Excel's escapes read back: a character XML cannot hold (a carriage return, a
    /// control character) is stored as `_xHHHH_` (`_x000D_`), and an underscore that would read as
    /// one as `_x005F_`. Bytes without `_x` come back as they are, uncopied in effect.
    static func unescaped(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.count >= 7, bytes.contains(UInt8(ascii: "_")) else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "_"), index + 6 < bytes.count, bytes[index + 1] == UInt8(ascii: "x"),
                bytes[index + 6] == UInt8(ascii: "_"),
                let code = UInt32(String(decoding: bytes[index + 2..<index + 6], as: UTF8.self), radix: 16),
                let scalar = Unicode.Scalar(code)
            {
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
                index += 7
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return out
    }

    /// A cell reference's column (`C14` → 2, `AA3` → 26), from its letters.
    static func column(of reference: UnsafeBufferPointer<UInt8>) -> Int? {
        var column = 0
        var letters = 0
        for byte in reference {
            guard byte >= 0x41 && byte <= 0x5A || byte >= 0x61 && byte <= 0x7A else { break }
            // Excel's columns end at XFD: more than three letters is no reference (and would overflow).
            guard letters < 3 else { return nil }
            column = column * 26 + Int(byte & 0x1F)
            letters += 1
        }
        return letters == 0 ? nil : column - 1
    }

    /// A column's letters (2 → `C`).
    static func letters(ofColumn column: Int) -> String {
        var number = column + 1
        var letters = ""
        while number > 0 {
            let remainder = (number - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + remainder))) + letters
            number = (number - 1) / 26
        }
        return letters
    }
}
