/// Byte-level text helpers for the hot path: the Character-based standard library equivalents
/// (grapheme breaking, Unicode properties) cost more than the whole CSV parse.
package enum ASCIIText {
    /// Space, tab, CR and LF.
    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }

    /// Whether `text` is empty or only spaces, tabs and line breaks.
    package static func isBlank(_ text: Substring) -> Bool {
        text.utf8.allSatisfy(isSpace)
    }

    /// `text` without leading and trailing spaces, tabs and line breaks.
    package static func trimmed(_ text: Substring) -> Substring {
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last, isSpace(first) || isSpace(last) else { return text }
        guard let start = utf8.firstIndex(where: { !isSpace($0) }),
            let end = utf8.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return text[start...end]
    }

    /// `text` with ASCII capitals in lower case (the key of an email address). Non-ASCII letters are
    /// left as they are: Unicode case mapping costs more than reading the row, and mail systems
    /// compare such addresses as given.
    package static func lowercasedASCII(_ text: Substring) -> String {
        text.utf8.withContiguousStorageIfAvailable { lowercasedASCII($0, trimming: false) }
            ?? String(decoding: text.utf8.map { $0 &- 0x41 < 26 ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// The key of an email cell, given as UTF-8: trimmed and in lower case, ASCII in one pass. An
    /// address with non-ASCII letters (`RENÉ@…`) is lower-cased whole, as Leat's own integrations
    /// send it (Leat refuses mixed case); only those pay for Unicode case mapping.
    package static func emailKey(_ cell: UnsafeBufferPointer<UInt8>) -> String {
        let key = lowercasedASCII(cell, trimming: true)
        return cell.contains(where: { $0 >= 0x80 }) && hasCapital(key) ? key.lowercased() : key
    }

    /// Whether a letter of `text` beyond ASCII changes when lower-cased: Latin-1's capitals
    /// (`À`…`Þ` but `×`) by their range, other scalars by their Unicode property. Most such
    /// addresses hold only small letters (`zoë@…`), and keep the string as it is.
    private static func hasCapital(_ text: String) -> Bool {
        // Latin-1 letters by their bytes (C3 80…9E but 97 are the capitals); beyond, by scalar.
        var utf8 = text.utf8.makeIterator()
        while let byte = utf8.next() {
            switch byte {
            case 0..<0x80: continue
            case 0xC2: _ = utf8.next()
            case 0xC3:
                guard let second = utf8.next() else { return false }
                if second <= 0x9E && second != 0x97 { return true }
            default: return hasCapitalBeyondLatin1(text)
            }
        }
        return false
    }

    /// ``hasCapital(_:)`` scalar by scalar, for text with letters beyond Latin-1.
    private static func hasCapitalBeyondLatin1(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            switch scalar.value {
            case 0..<0xC0: false
            case 0xC0...0xDE: scalar.value != 0xD7
            case 0xDF...0xFF: false
            default: scalar.properties.changesWhenLowercased
            }
        }
    }

    private static func lowercasedASCII(_ bytes: UnsafeBufferPointer<UInt8>, trimming: Bool) -> String {
        var start = 0
        var end = bytes.count
        if trimming {
            while start < end && isSpace(bytes[start]) { start += 1 }
            while end > start && isSpace(bytes[end - 1]) { end -= 1 }
        }
        return String(unsafeUninitializedCapacity: end - start) { copy in
            ByteScan.copyLowercasingASCII(UnsafeBufferPointer(rebasing: bytes[start..<end]), to: copy.baseAddress!)
            return end - start
        }
    }
}
