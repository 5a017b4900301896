/// Remembers the first line of every key seen in a file, to find duplicates in one pass.
///
/// Keys are kept as 64-bit hashes, not as text: 16–24 bytes per distinct key whatever its length
/// (about 24 MB for a million distinct emails). Two different keys share a hash with a chance of
/// about n²/2⁶⁵ — under one in a billion for ten million keys.
package struct DuplicateIndex: Sendable {
    private var firstLines: [UInt64: Int] = [:]

    package init() {}

    /// Records `key` as seen on `line`; returns the line it was first seen on when it was seen before.
    package mutating func firstLine(of key: String, seenOn line: Int) -> Int? {
        var hasher = Hasher()
        hasher.combine(key)
        let hash = UInt64(bitPattern: Int64(hasher.finalize()))
        if let first = firstLines[hash] { return first }
        firstLines[hash] = line
        return nil
    }
}
