import Foundation

/// A language the desk's pages speak: chosen by the browser's `Accept-Language` until the person
/// picks one in the header, which a cookie keeps. Every word of a page comes from the language's
/// catalogue (``catalogue``), numbers and dates from its locale.
enum DeskLanguage: String, CaseIterable, Sendable {
    case english = "en"
    case dutch = "nl"
    case german = "de"
    case french = "fr"

    /// The language of the request being answered.
    @TaskLocal static var current = DeskLanguage.english

    /// The cookie that keeps the language picked in the header.
    static let cookie = "desk_language"

    /// The language's name in itself, as the header's switch shows it.
    var name: String {
        switch self {
        case .english: "English"
        case .dutch: "Nederlands"
        case .german: "Deutsch"
        case .french: "Français"
        }
    }

    /// Its words, by key: the pages' phrases, the desk's messages and the row problems.
    var catalogue: [String: String] {
        switch self {
        case .english: Self.englishCatalogue
        case .dutch: Self.dutchCatalogue
        case .german: Self.germanCatalogue
        case .french: Self.frenchCatalogue
        }
    }

    /// The language picked (the cookie's), else the first of `Accept-Language` the desk speaks by
    /// weight (`nl-BE;q=0.8` is Dutch), else English.
    static func chosen(cookie: String?, acceptLanguage: String?) -> DeskLanguage {
        if let cookie, let picked = DeskLanguage(rawValue: cookie) { return picked }
        let asked = (acceptLanguage ?? "").split(separator: ",").enumerated().compactMap { index, item -> (DeskLanguage, Double, Int)? in
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first?.lowercased(), let language = DeskLanguage(rawValue: String(tag.prefix { $0 != "-" && $0 != "_" }))
            else { return nil }
            let weight = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return weight > 0 ? (language, weight, index) : nil
        }
        return asked.min { ($0.1, -$0.2) > ($1.1, -$1.2) }?.0 ?? .english
    }
}
