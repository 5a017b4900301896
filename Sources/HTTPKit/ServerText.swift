/// Text from a server (an error message, a detail) as the tool passes it on: at most
/// ``maxBytes`` of UTF-8, control characters (line breaks, terminal escapes) as spaces, and the
/// client's own secrets blotted out, so that a server echoing a token or sending a megabyte of
/// message can put neither into a report, a log line or a terminal.
package struct ServerText: Sendable {
    /// The most of a server's text that is kept.
    package static let maxBytes = 500
    private let secrets: [String]

    /// Hides each of `secrets` (those of fewer than 4 characters would hide ordinary text, and
    /// are not secrets worth the name).
    package init(hiding secrets: [String]) {
        self.secrets = secrets.filter { $0.count >= 4 }
    }

    /// `text`, redacted, on one line, cut at ``maxBytes`` (with `…`) on a character boundary.
    package func shown(_ text: String) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacing(secret, with: "[redacted]")
        }
        if result.unicodeScalars.contains(where: Self.isControl) {
            result = String(String.UnicodeScalarView(result.unicodeScalars.map { Self.isControl($0) ? " " : $0 }))
        }
        guard result.utf8.count > Self.maxBytes else { return result }
        var kept = ""
        var size = 0
        for character in result {
            size += character.utf8.count
            guard size <= Self.maxBytes - 3 else { break }
            kept.append(character)
        }
        return kept + "…"
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
