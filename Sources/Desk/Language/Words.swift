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

    /// `number` as the language writes it: 1,234,567 · 1.234.567.
    static func number(_ number: Int) -> String {
        number.formatted(.number.locale(DeskLanguage.current.locale))
    }

    /// `date` as the language writes it, to the minute, in the desk's time zone.
    static func date(_ date: Date) -> String {
        date.formatted(Date.FormatStyle(date: .abbreviated, time: .shortened).locale(DeskLanguage.current.locale))
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
