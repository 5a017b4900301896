/// A set of input line numbers as a bit set: 1 bit per line up to the highest one.
package struct LineSet: Sendable {
    private var words: [UInt64] = []
    /// How many lines it holds.
    package private(set) var count = 0

    package init() {}

    package func contains(_ line: Int) -> Bool {
        let word = line >> 6
        return line >= 0 && word < words.count && words[word] & (1 << UInt64(line & 63)) != 0
    }

    package mutating func insert(_ line: Int) {
        guard line >= 0, !contains(line) else { return }
        let word = line >> 6
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: word - words.count + 1)) }
        words[word] |= 1 << UInt64(line & 63)
        count += 1
    }
}
