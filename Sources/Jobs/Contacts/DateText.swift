import BatchKit
import TextFormats

/// The order of day, month and year in a file's dates that do not start with a four-digit year
/// (`--date-order`): `31-12-1990` is `dmy`, `12/31/1990` is `mdy`.
public enum DateOrder: String, Sendable, CaseIterable {
    case dmy, mdy, ymd

    var words: String {
        switch self {
        case .dmy: "day first"
        case .mdy: "month first"
        case .ymd: "year first"
        }
    }
}

/// Dates as spreadsheets write them, read into ISO 8601 (`YYYY-MM-DD`).
enum DateText {
    /// The ISO date of `text` (`1990-12-31`, `31-12-1990`, `31/12/1990`, `31.12.1990`, with an
    /// optional midnight time), or why it is none: the reason ends with a hint a person can act on.
    static func iso(_ text: String, order: DateOrder) -> Result<String, ValueProblem> {
        if let plain = plainISO(text) { return plain }
        var text = Substring(text)
        for midnight in [" 00:00:00", " 0:00:00", " 00:00", " 0:00", "T00:00:00Z", "T00:00:00"] where text.hasSuffix(midnight) {
            text = text.dropLast(midnight.count)
            break
        }
        guard let separator = text.first(where: { "-/.".contains($0) }) else {
            return .fail("write it as 1990-12-31 or 31-12-1990", .writeDate)
        }
        let parts = text.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isASCIIDigit) }) else {
            return .fail("write it as 1990-12-31 or 31-12-1990", .writeDate)
        }
        let numbers = parts.map { Int($0)! }
        if parts[0].count == 4 { return day(year: numbers[0], month: numbers[1], day: numbers[2], text) }
        guard parts[2].count == 4 else {
            return parts[2].count == 2
                ? .fail(
                    "a two-digit year could be 19\(parts[2]) or 20\(parts[2]): write the year in four digits", .twoDigitYear,
                    ["digits": "\(parts[2])"])
                : .fail("write it as 1990-12-31 or 31-12-1990", .writeDate)
        }
        let dayFirst = day(year: numbers[2], month: numbers[1], day: numbers[0], text)
        let monthFirst = day(year: numbers[2], month: numbers[0], day: numbers[1], text)
        switch order {
        case .dmy:
            if case .failure = dayFirst, case .success = monthFirst {
                return .fail(
                    "it is no date day first (\(Setting.dateOrder.mention("dmy"))); if the file writes the month first, pass \(Setting.dateOrder.mention("mdy"))",
                    .notDayFirst)
            }
            return dayFirst
        case .mdy:
            if case .failure = monthFirst, case .success = dayFirst {
                return .fail(
                    "it is no date month first (\(Setting.dateOrder.mention("mdy"))); if the file writes the day first, pass \(Setting.dateOrder.mention("dmy"))",
                    .notMonthFirst)
            }
            return monthFirst
        case .ymd:
            switch (dayFirst, monthFirst) {
            case (.success(let date), .failure), (.failure, .success(let date)): return .success(date)
            case (.success, .success) where numbers[0] != numbers[1]:
                return .fail("it could be day first or month first: pass \(Setting.dateOrder.mention("dmy")) or mdy", .dayOrMonthFirst)
            default: return dayFirst
            }
        }
    }

    /// `text` as it is when it is already `YYYY-MM-DD` (a real day, or why not): the common case,
    /// without the suffixes, separators and orders of the general reading.
    private static func plainISO(_ text: String) -> Result<String, ValueProblem>? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes.indices.allSatisfy({ $0 == 4 || $0 == 7 || ASCII.isDigit(bytes[$0]) })
        else { return nil }
        func number(_ range: Range<Int>) -> Int { bytes[range].reduce(0) { $0 * 10 + Int($1 &- UInt8(ascii: "0")) } }
        return day(year: number(0..<4), month: number(5..<7), day: number(8..<10), Substring(text))
    }

    private static func day(year: Int, month: Int, day: Int, _ text: Substring) -> Result<String, ValueProblem> {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...12).contains(month), day >= 1, day <= days[month - 1], year >= 1 else {
            return .fail("there is no such day", .noSuchDay)
        }
        return .success(ISOText.day(year: year, month: month, day: day))
    }
}

/// Why a cell's value is not what its attribute takes: what it does take, or how to fix it; in
/// English (``hint``) and as a phrase (``phrasing``) for a front end in another language.
public struct ValueProblem: Error, Sendable, Equatable, Codable {
    public var hint: String
    public var phrasing: Phrasing

    public init(hint: String, phrasing: Phrasing) {
        self.hint = hint
        self.phrasing = phrasing
    }
}

extension Result<String, ValueProblem> {
    static func fail(_ hint: String, _ phrase: AcceptedPhrase, _ values: [String: Phrasing.Value] = [:]) -> Self {
        .failure(ValueProblem(hint: hint, phrasing: .accepted(phrase, values)))
    }
}
