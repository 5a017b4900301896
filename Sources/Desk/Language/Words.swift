import Foundation
import TextFormats

/// The words of the request's language (``DeskLanguage/current``) for what the desk says from
/// code: its messages, the row problems, the names of codes and states. A phrase names its values
/// as `{{name}}`; they go in as they are (the page escapes them, as every value).
enum Words {
    /// Phrase `key` with its `values`; the English one when the language has none (a test keeps
    /// every catalogue complete), the key itself when no language has it.
    static func say(_ key: String, _ values: [String: String] = [:]) -> String {
        let phrase = DeskLanguage.current.catalogue[key] ?? DeskLanguage.english.catalogue[key] ?? key
        return values.reduce(phrase) { $0.replacingOccurrences(of: "{{\($1.key)}}", with: $1.value) }
    }

    /// What a library said (``Phrasing``), its values that are phrases worded too.
    static func say(_ phrasing: Phrasing) -> String {
        say(
            phrasing.key,
            phrasing.values.mapValues { value in
                switch value {
                case .text(let text): text
                case .phrase(let inner): say(inner)
                }
            })
    }

    /// Phrase `phrase`, as ``say(_:_:)``.
    static func say(_ phrase: Phrase, _ values: [String: String] = [:]) -> String { say(phrase.rawValue, values) }

    /// The words for a report code or a state (`prefix.code`), or the code itself when it has none
    /// (an API's numeric code, which the page shows as the API said it).
    static func name(_ code: String, in prefix: String) -> String {
        DeskLanguage.current.catalogue[prefix + "." + code] ?? code
    }

    /// `number` as the language writes it, its thousands apart (`format.thousands`): 1,234,567 ·
    /// 1.234.567. Made here, not by a formatter, whose locale data (ICU) would stay in memory.
    static func number(_ number: Int) -> String {
        let digits = String(number.magnitude)
        let separator = say("format.thousands")
        var grouped = number < 0 ? "-" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped += separator }
            grouped.append(digit)
        }
        return grouped
    }

    /// `date` as the language writes it (`format.date`), to the minute, in the desk's time zone.
    static func date(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var local = tm()
        localtime_r(&seconds, &local)
        func twoDigits(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return say(
            "format.date",
            [
                "year": "\(local.tm_year + 1900)", "month": twoDigits(local.tm_mon + 1), "day": twoDigits(local.tm_mday),
                "hour": twoDigits(local.tm_hour), "minute": twoDigits(local.tm_min),
            ])
    }

    /// The keys of the phrases in `text` (a phrase's `{{name}}`s), to compare catalogues by.
    static func placeholders(_ text: String) -> Set<String> {
        Set(pieces(of: text, open: "{{", close: "}}").compactMap(\.key))
    }

    /// `text` cut at its `open`key`close` tokens: the text between them (`key` nil), and each
    /// token's key (its `text` empty). The one scanner of a template's `[[key]]`s and a phrase's
    /// `{{name}}`s.
    static func pieces(of text: String, open: String, close: String) -> [(text: Substring, key: String?)] {
        var pieces: [(text: Substring, key: String?)] = []
        var rest = text[...]
        while let start = rest.range(of: open), let end = rest[start.upperBound...].range(of: close) {
            pieces.append((rest[..<start.lowerBound], nil))
            pieces.append(("", String(rest[start.upperBound..<end.lowerBound])))
            rest = rest[end.upperBound...]
        }
        pieces.append((rest, nil))
        return pieces
    }
}
