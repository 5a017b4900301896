/// Validates UTF-8 incrementally over a stream of chunks, so that the first invalid byte can be
/// named by its offset in the file even when a multi-byte sequence is split across two reads.
///
/// The standard library validates whole buffers only; this keeps the few bits of state that a
/// sequence split across reads needs (Unicode 15, table 3-7: no overlongs, no surrogates, ≤ U+10FFFF).
struct UTF8Validator {
    /// Continuation bytes still expected by the sequence in progress.
    private var pending = 0
    /// Allowed range of the next continuation byte.
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF
    /// Bytes of the sequence in progress seen so far, and its first byte.
    private var consumed = 0
    private(set) var leadByte: UInt8 = 0

    /// Bytes of the sequence in progress seen so far (0 when none is in progress).
    var sequenceBytesSeen: Int { pending > 0 ? consumed : 0 }

    /// Whether the stream so far ends inside a multi-byte sequence.
    var isInsideSequence: Bool { pending > 0 }

    /// Scans `bytes`; returns where the first invalid sequence starts, or nil. The index is negative
    /// when the sequence started in an earlier chunk; ``leadByte`` is then its first byte.
    mutating func firstInvalidByte(in bytes: UnsafeRawBufferPointer) -> Int? {
        let count = bytes.count
        var index = 0
        while index < count {
            if pending == 0 {
                // Fast path: skip eight ASCII bytes at a time.
                while index + 8 <= count,
                    bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
                {
                    index += 8
                }
                if index == count { break }
                let byte = bytes[index]
                switch byte {
                case 0x00...0x7F: break
                case 0xC2...0xDF: begin(1, 0x80, 0xBF, byte)
                case 0xE0: begin(2, 0xA0, 0xBF, byte)
                case 0xE1...0xEC, 0xEE...0xEF: begin(2, 0x80, 0xBF, byte)
                case 0xED: begin(2, 0x80, 0x9F, byte)
                case 0xF0: begin(3, 0x90, 0xBF, byte)
                case 0xF1...0xF3: begin(3, 0x80, 0xBF, byte)
                case 0xF4: begin(3, 0x80, 0x8F, byte)
                default:
                    leadByte = byte
                    return index
                }
            } else {
                let byte = bytes[index]
                guard byte >= lower && byte <= upper else { return index - consumed }
                pending -= 1
                consumed += 1
                lower = 0x80
                upper = 0xBF
            }
            index += 1
        }
        return nil
    }

    private mutating func begin(_ continuations: Int, _ low: UInt8, _ high: UInt8, _ lead: UInt8) {
        pending = continuations
        consumed = 1
        leadByte = lead
        lower = low
        upper = high
    }
}
