#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Email syntax as mail systems accept it in practice: `local@domain.tld`, at most 254 bytes;
/// the local part ≤ 64 bytes of letters, digits, ``!#$%&'*+/=?^_`{|}~-`` and inner dots; a domain
/// of two or more labels of letters, digits and inner hyphens, the last one not all digits.
/// Non-ASCII letters (internationalised addresses) are accepted in both parts.
package enum EmailAddress {
    /// Why `email` (already trimmed) is not an address, or nil when it is one.
    package static func problem(with email: String) -> EmailFault? {
        if let verdict = email.utf8.withContiguousStorageIfAvailable({ problem(with: $0) }) { return verdict }
        var email = email
        return email.withUTF8 { problem(with: $0) }
    }

    private static func problem(with bytes: UnsafeBufferPointer<UInt8>) -> EmailFault? {
        if bytes.isEmpty { return .empty }
        if bytes.count > 254 { return .tooLong }
        // The common case first: one @, no space or tab; otherwise the loop below says which is wrong.
        let start = UnsafeRawPointer(bytes.baseAddress!)
        if let at = memchr(start, 0x40, bytes.count).map({ UnsafeRawPointer($0) - start }),
            memchr(start + at + 1, 0x40, bytes.count - at - 1) == nil,
            !ByteScan.contains(
                bytes, wordMayPass: { ByteScan.hasByte(in: $0, equalTo: 0x20) || ByteScan.hasByte(in: $0, equalTo: 0x09) },
                where: { $0 == 0x20 || $0 == 0x09 })
        {
            return problem(with: bytes, at: at)
        }
        return problem(withSpaceOrAt: bytes)
    }

    /// The first space, tab or extra @, or the lack of an @.
    private static func problem(withSpaceOrAt bytes: UnsafeBufferPointer<UInt8>) -> EmailFault? {
        var at: Int?
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case 0x20: return .space
            case 0x09: return .tab
            case UInt8(ascii: "@"):
                if at != nil { return .moreThanOneAt }
                at = index
            default: break
            }
        }
        guard let at else { return .noAt }
        return problem(with: bytes, at: at)
    }

    /// The parts before and after the only @, at `at`.
    private static func problem(with bytes: UnsafeBufferPointer<UInt8>, at: Int) -> EmailFault? {
        let local = UnsafeBufferPointer(rebasing: bytes[..<at])
        let domain = UnsafeBufferPointer(rebasing: bytes[(at + 1)...])
        if local.isEmpty { return .nothingBeforeAt }
        if domain.isEmpty { return .nothingAfterAt }
        if local.count > 64 { return .localPartTooLong }
        var previous: UInt8 = UInt8(ascii: ".")
        let disallowed: UInt8? = Self.allowedInLocalPart.withUnsafeBufferPointer { allowed in
            for byte in local {
                if byte == UInt8(ascii: ".") && previous == UInt8(ascii: ".") { return byte }
                if !allowed[Int(byte)] { return byte }
                previous = byte
            }
            return nil
        }
        if let disallowed, disallowed != UInt8(ascii: ".") {
            return .characterBeforeAt(describe(disallowed))
        }
        if disallowed != nil || previous == UInt8(ascii: ".") {
            return .dotsBeforeAt
        }
        return problem(withDomain: domain)
    }

    private static func problem(withDomain domain: UnsafeBufferPointer<UInt8>) -> EmailFault? {
        var labels = 0
        var labelStart = 0
        let allowedInDomain = Self.allowedInDomain
        for index in 0...domain.count {
            guard index == domain.count || domain[index] == UInt8(ascii: ".") else {
                if !allowedInDomain[Int(domain[index])] { return .characterInDomain(describe(domain[index])) }
                continue
            }
            let label = UnsafeBufferPointer(rebasing: domain[labelStart..<index])
            labels += 1
            labelStart = index + 1
            if index == domain.count && labels == 1 {
                return .domainWithoutDot(String(decoding: domain, as: UTF8.self))
            }
            if label.isEmpty { return .emptyDomainPart }
            if label.count > 63 { return .domainPartTooLong }
            if label.first == UInt8(ascii: "-") || label.last == UInt8(ascii: "-") {
                return .hyphenAtDomainPartEdge
            }
            if index == domain.count && (label.count < 2 || label.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })) {
                return .noTopLevelDomain
            }
        }
        return nil
    }

    private static func describe(_ byte: UInt8) -> String {
        Unicode.Scalar(byte).escaped(asASCII: true)
    }

    private static let allowedInDomain: [Bool] = (0..<256).map { byte in
        byte >= 0x80 || isAlphanumeric(UInt8(byte)) || byte == Int(UInt8(ascii: "-"))
    }

    private static let allowedInLocalPart: [Bool] = (0..<256).map { byte in
        byte >= 0x80 || isAlphanumeric(UInt8(byte)) || "!#$%&'*+/=?^_`{|}~-.".utf8.contains(UInt8(byte))
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
    }
}
