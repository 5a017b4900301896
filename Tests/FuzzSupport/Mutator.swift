/// A seeded, repeatable mutator of byte strings, for the fuzz tests (BatchKitTests' readers,
/// JobsTests' job files): the same seed gives the same
/// inputs on every machine, so a failure names an input that can be made again.
public struct Mutator {
    /// SplitMix64: small, fast and good enough to pick mutations.
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    /// A number in `0..<bound`.
    public mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(1, bound))) }

    public mutating func pick<T>(_ choices: [T]) -> T { choices[below(choices.count)] }

    /// Bytes that matter to CSV and NDJSON readers: quotes, delimiters, line ends, NUL, braces,
    /// bytes that are not UTF-8 alone, Excel's formula starts.
    public static let interesting: [UInt8] =
        Array("\",;\t|\r\n'={}[]:\\ ".utf8) + [0x00, 0x80, 0x81, 0xC3, 0xA9, 0xE9, 0xEF, 0xBB, 0xBF, 0xFF, 0xFE]

    /// `seed` with one to four mutations: bytes replaced, inserted, deleted, repeated, a long run
    /// of one byte, or the end cut off. The first line is spared three times in four, so that most
    /// inputs keep a header and reach the rows.
    public mutating func mutate(_ seed: [UInt8]) -> [UInt8] {
        var bytes = seed
        let headerEnd = (bytes.firstIndex(of: 0x0A) ?? 0) + 1
        for _ in 0...below(4) {
            let from = below(4) == 0 || headerEnd >= bytes.count ? 0 : headerEnd
            let at = from + below(bytes.count - from + 1)
            switch below(7) {
            case 0 where at < bytes.count: bytes[at] = pick(Self.interesting)
            case 1: bytes.insert(contentsOf: (0...below(8)).map { _ in pick(Self.interesting) }, at: at)
            case 2 where at < bytes.count: bytes.removeSubrange(at..<min(bytes.count, at + 1 + below(16)))
            case 3 where at < bytes.count:
                bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 1 + below(64))], at: below(bytes.count + 1))
            case 4: bytes.insert(contentsOf: [UInt8](repeating: pick(Array(" x\"\n,".utf8)), count: 1 + below(5_000)), at: at)
            case 5: bytes.removeSubrange(at...)
            default: bytes.insert(pick(Self.interesting), at: at)
            }
        }
        return bytes
    }
}
