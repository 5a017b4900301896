/// Email syntax as mail systems accept it in practice: `local@domain.tld`, at most 254 bytes;
/// the local part ≤ 64 bytes of letters, digits, ``!#$%&'*+/=?^_`{|}~-`` and inner dots; a domain
/// of two or more labels of letters, digits and inner hyphens, the last one not all digits.
/// Non-ASCII letters (internationalised addresses) are accepted in both parts.
public enum EmailAddress {
    /// Why `email` (already trimmed) is not an address, or nil when it is one.
    public static func problem(with email: String) -> String? {
        let bytes = Array(email.utf8)
        if bytes.isEmpty { return "the email is empty" }
        if bytes.count > 254 { return "longer than 254 characters" }
        if let byte = bytes.first(where: { $0 == 0x20 || $0 == 0x09 }) { return byte == 0x20 ? "contains a space" : "contains a tab" }
        let ats = bytes.indices.filter { bytes[$0] == UInt8(ascii: "@") }
        guard let at = ats.first else { return "has no @" }
        if ats.count > 1 { return "has more than one @" }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        if local.isEmpty { return "nothing before the @" }
        if domain.isEmpty { return "nothing after the @" }
        if local.count > 64 { return "more than 64 characters before the @" }
        if local.first == UInt8(ascii: ".") || local.last == UInt8(ascii: ".") || hasDoubleDot(local) {
            return "a dot at the start or end of the part before the @, or two dots in a row"
        }
        if let bad = local.first(where: { !isLocalByte($0) }) { return "the character \(describe(bad)) is not allowed before the @" }
        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        if labels.count < 2 { return "the domain '\(String(decoding: domain, as: UTF8.self))' has no dot" }
        for label in labels {
            if label.isEmpty { return "the domain has an empty part (two dots in a row, or a dot at its start or end)" }
            if label.count > 63 { return "a part of the domain is longer than 63 characters" }
            if label.first == UInt8(ascii: "-") || label.last == UInt8(ascii: "-") { return "a part of the domain starts or ends with a hyphen" }
            if let bad = label.first(where: { !isDomainByte($0) }) { return "the character \(describe(bad)) is not allowed in the domain" }
        }
        if let tld = labels.last, tld.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) || tld.count < 2 {
            return "the domain does not end in a top-level domain such as .com or .nl"
        }
        return nil
    }

    private static func describe(_ byte: UInt8) -> String {
        "'" + Unicode.Scalar(byte).escaped(asASCII: true) + "'"
    }

    private static func hasDoubleDot(_ bytes: ArraySlice<UInt8>) -> Bool {
        zip(bytes, bytes.dropFirst()).contains { $0 == UInt8(ascii: ".") && $1 == UInt8(ascii: ".") }
    }

    private static func isLocalByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte >= 0x80 || "!#$%&'*+/=?^_`{|}~-.".utf8.contains(byte)
    }

    private static func isDomainByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte >= 0x80 || byte == UInt8(ascii: "-")
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
    }
}
