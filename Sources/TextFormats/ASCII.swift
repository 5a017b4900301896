/// ASCII tests by bytes, for what runs on every cell of a file: `Character.isNumber` and
/// `isWhitespace` look Unicode properties up, which cost more than the rest of a row's checks.
public enum ASCII {
    /// Whether `byte` is `0`–`9`.
    @inlinable
    public static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    /// Whether `byte` is `0`–`9`, `a`–`f` or `A`–`F`.
    @inlinable
    public static func isHexDigit(_ byte: UInt8) -> Bool { isDigit(byte) || (byte | 0x20) &- UInt8(ascii: "a") < 6 }

    /// Whether `byte` is a printable ASCII character other than space: text that starts and ends
    /// with one has no white space to trim.
    @inlinable
    public static func isVisible(_ byte: UInt8) -> Bool { byte &- 0x21 < 0x5E }
}

extension Character {
    /// `0`–`9` only: not the other digits that `isNumber` takes (`٣`, `²`).
    public var isASCIIDigit: Bool { asciiValue.map(ASCII.isDigit) ?? false }
}
