import Foundation

/// The parameters of a `Content-Disposition` header (RFC 6266, as RFC 7578 uses it for forms):
/// quoted values may hold `;` and escaped quotes, and `filename*` (RFC 5987: `UTF-8''%C3%A9.csv`)
/// is read and preferred over `filename`.
struct ContentDisposition: Equatable {
    var name: String?
    var fileName: String?

    init(_ value: String) {
        var parameters: [String: String] = [:]
        for piece in Self.pieces(of: value).dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            let key = piece[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            parameters[key] = Self.unquoted(piece[piece.index(after: equals)...].trimmingCharacters(in: .whitespaces))
        }
        name = parameters["name"]
        fileName = parameters["filename*"].flatMap(Self.extendedValue) ?? parameters["filename"]
    }

    /// `value` cut at each `;` that is not inside a quoted string.
    private static func pieces(of value: String) -> [Substring] {
        var pieces: [Substring] = []
        var start = value.startIndex
        var quoted = false
        var escaped = false
        for index in value.indices {
            let character = value[index]
            if escaped {
                escaped = false
            } else if quoted && character == "\\" {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if character == ";" && !quoted {
                pieces.append(value[start..<index])
                start = value.index(after: index)
            }
        }
        pieces.append(value[start...])
        return pieces
    }

    /// A quoted string's text (its `\x` escapes undone), or a token as it is.
    private static func unquoted(_ value: String) -> String {
        guard value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") else { return value }
        var text = ""
        var escaped = false
        for character in value.dropFirst().dropLast() {
            if !escaped && character == "\\" {
                escaped = true
                continue
            }
            escaped = false
            text.append(character)
        }
        return text
    }

    /// An RFC 5987 value in UTF-8 (`UTF-8'language'percent-encoded`, what browsers send); nil for
    /// another charset or bytes that are not UTF-8 (then `filename` is read).
    private static func extendedValue(_ value: String) -> String? {
        let parts = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].lowercased() == "utf-8" else { return nil }
        return String(parts[2]).removingPercentEncoding
    }
}
