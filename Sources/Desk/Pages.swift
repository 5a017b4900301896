import Mustache

/// The desk's pages, rendered on the server with swift-mustache and compiled into the binary, so
/// the desk works with no internet. `{{name}}` is HTML-escaped: a cell `<script>` shows as text.
/// No page has inline script, and every page works without JavaScript.
///
/// A template's words are `[[key]]`s of the catalogues (``DeskLanguage/catalogue``): each language
/// has its own library, made once with the phrases in place, so a page costs the same in any.
struct Pages: Sendable {
    let libraries: [DeskLanguage: MustacheLibrary]

    init() throws {
        var libraries: [DeskLanguage: MustacheLibrary] = [:]
        for language in DeskLanguage.allCases {
            var library = MustacheLibrary()
            for (name, text) in Self.allTemplates {
                try library.register(Self.worded(text, in: language), named: name)
            }
            libraries[language] = library
        }
        self.libraries = libraries
    }

    /// Every template by name: the import's pages and the exports'.
    static var allTemplates: [String: String] {
        templates.merging(exportTemplates, uniquingKeysWith: { first, _ in first })
    }

    /// The page `name` inside the layout, in the request's language, titled `title`; `refresh`:
    /// seconds until the browser asks again (a running import's page, which needs no script to
    /// move on).
    func render(_ name: String, title: String, _ context: Any, refresh: Int? = nil) -> String {
        let language = DeskLanguage.current
        guard let library = libraries[language] else { return "" }
        let body = library.render(context, withTemplate: name) ?? ""
        let layout = LayoutPage(
            title: title, body: body, csrf: FormToken.current, lang: language.rawValue, languages: LanguageSwitch.links,
            user: SignedIn.user, refresh: refresh)
        return library.render(layout, withTemplate: "layout") ?? body
    }

    /// Template `text` with each `[[key]]` replaced by the phrase of `language` (English where it
    /// has none; a test keeps the catalogues complete).
    static func worded(_ text: String, in language: DeskLanguage) -> String {
        Words.pieces(of: text, open: "[[", close: "]]").map { piece in
            guard let key = piece.key else { return String(piece.text) }
            return language.catalogue[key] ?? DeskLanguage.english.catalogue[key] ?? key
        }.joined()
    }

    /// The `[[key]]`s of `text`, for the test that every catalogue has them.
    static func keys(in text: String) -> Set<String> {
        Set(Words.pieces(of: text, open: "[[", close: "]]").compactMap(\.key))
    }
}
