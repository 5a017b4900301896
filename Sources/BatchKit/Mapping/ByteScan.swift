/// Looks for bytes eight at a time ("SIMD within a register"): on the short cells of a CSV file a
/// byte-by-byte loop, or a `memchr` call per byte looked for, costs more than the rest of the row.
enum ByteScan {
    /// 0x01 in every byte.
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    /// 0x80 in every byte.
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Where the first CR or LF in `bytes` is, if any.
    static func firstLineBreak(in bytes: UnsafeRawBufferPointer) -> Int? {
        bytes.firstIndex { $0 == 0x0A || $0 == 0x0D }
    }

    /// Whether a byte of `word` is below `limit` (≤ 0x80).
    @inline(__always)
    static func hasByte(in word: UInt64, below limit: UInt8) -> Bool {
        (word &- ones &* UInt64(limit)) & ~word & highBits != 0
    }

    /// Whether a byte of `word` is `byte`.
    @inline(__always)
    static func hasByte(in word: UInt64, equalTo byte: UInt8) -> Bool {
        hasByte(in: word ^ (ones &* UInt64(byte)), below: 1)
    }

    /// Whether a byte of `bytes` passes `test`; `wordMayPass` says of eight bytes at once whether
    /// one of them may, and only those words are looked at byte by byte.
    @inline(__always)
    static func contains(_ bytes: UnsafeBufferPointer<UInt8>, wordMayPass: (UInt64) -> Bool, where test: (UInt8) -> Bool) -> Bool {
        let raw = UnsafeRawBufferPointer(bytes)
        var index = 0
        while index + 8 <= bytes.count {
            if wordMayPass(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) {
                for byte in bytes[index..<(index + 8)] where test(byte) { return true }
            }
            index += 8
        }
        for byte in bytes[index...] where test(byte) { return true }
        return false
    }

    /// Copies `bytes` to `target` with ASCII capitals in lower case, eight bytes at a time.
    @inline(__always)
    static func copyLowercasingASCII(_ bytes: UnsafeBufferPointer<UInt8>, to target: UnsafeMutablePointer<UInt8>) {
        let raw = UnsafeRawBufferPointer(bytes)
        var index = 0
        while index + 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            // Per byte, on its low seven bits (no carry crosses bytes): ≥ 'A' and not ≥ '[', and ASCII.
            let low = word & ~highBits
            let capitals = (low &+ ones &* 0x3F) & ~(low &+ ones &* 0x25) & ~word & highBits
            UnsafeMutableRawPointer(target + index).storeBytes(of: word | (capitals >> 2), toByteOffset: 0, as: UInt64.self)
            index += 8
        }
        while index < bytes.count {
            let byte = bytes[index]
            target[index] = byte &- 0x41 < 26 ? byte | 0x20 : byte
            index += 1
        }
    }
}
