/// How the bytes of an input file are turned into text.
///
/// `auto` (the default) reads UTF-8 and, at the first byte that is not valid UTF-8, warns once
/// (naming the byte offset and line) and reads the rest of the file as Windows-1252 — what Excel
/// writes on Windows when "CSV UTF-8" is not chosen. `utf8` stops at that byte with an error
/// instead; `windows1252` reads the whole file as Windows-1252.
public enum TextEncodingChoice: String, Sendable, CaseIterable {
    case auto
    case utf8 = "utf-8"
    case windows1252 = "windows-1252"
}

/// Windows-1252 as WHATWG's Encoding Standard decodes it: 0x80–0x9F per the code page, where
/// the five bytes it leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) stand for the C1 control of
/// the same number, as they do for Python's `cp1252` readers that pass them through; every other
/// byte is the code point of the same number.
package enum Windows1252 {
    private static let high: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    /// The Unicode scalar of `byte`.
    static func scalar(_ byte: UInt8) -> Unicode.Scalar {
        let value = (0x80...0x9F).contains(byte) ? high[Int(byte) - 0x80] : UInt16(byte)
        return Unicode.Scalar(value)!
    }

    /// The byte of `scalar` in Windows-1252; nil for a character it does not have.
    package static func byte(of scalar: Unicode.Scalar) -> UInt8? {
        if scalar.value < 0x80 || (0xA0...0xFF).contains(scalar.value) { return UInt8(scalar.value) }
        return high.firstIndex(of: UInt16(truncatingIfNeeded: scalar.value)).flatMap { scalar.value <= 0xFFFF ? UInt8(0x80 + $0) : nil }
    }

    /// Whether every character of `text` is one of Windows-1252's.
    package static func canEncode(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { byte(of: $0) != nil }
    }

    /// Appends the UTF-8 of `bytes`, read as Windows-1252, to `buffer`.
    static func appendUTF8(of bytes: UnsafeRawBufferPointer, to buffer: inout ByteStore) {
        for byte in bytes {
            if byte < 0x80 {
                buffer.append(byte)
            } else {
                for unit in UTF8.encode(scalar(byte))! { buffer.append(unit) }
            }
        }
    }
}
