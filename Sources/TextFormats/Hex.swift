/// Bytes as hexadecimal text: digests (SHA-256 of an export, MD5 of a Capillary password),
/// `\u00XX` escapes and `%XX` in URLs.
package enum Hex {
    /// `0`–`9`, `a`–`f`.
    package static let lowerDigits = Array("0123456789abcdef".utf8)
    /// `0`–`9`, `A`–`F`.
    package static let upperDigits = Array("0123456789ABCDEF".utf8)

    /// Two lower-case digits a byte: `9e107d9d…`.
    package static func lower(_ bytes: some Sequence<UInt8>) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            text.append(lowerDigits[Int(byte >> 4)])
            text.append(lowerDigits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
