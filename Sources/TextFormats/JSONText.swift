/// JSON string literals, for every JSON this package writes: request bodies, NDJSON exports and
/// failed rows, and the sandbox's answers.
public enum JSONText {
    /// Appends `text` as a JSON string literal: `"` and `\` escaped, control characters as `\n`,
    /// `\r`, `\t` or `\u00XX`; text with nothing to escape is copied whole.
    public static func append(quoted text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            bytes += text.utf8
        } else {
            for byte in text.utf8 {
                switch byte {
                case 0x22: bytes += #"\""#.utf8
                case 0x5C: bytes += #"\\"#.utf8
                case 0x0A: bytes += #"\n"#.utf8
                case 0x0D: bytes += #"\r"#.utf8
                case 0x09: bytes += #"\t"#.utf8
                case ..<0x20:
                    bytes += [
                        UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                        Hex.lowerDigits[Int(byte >> 4)], Hex.lowerDigits[Int(byte & 0xF)],
                    ]
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `text` as a JSON string literal.
    public static func quoted(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 2)
        append(quoted: text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
