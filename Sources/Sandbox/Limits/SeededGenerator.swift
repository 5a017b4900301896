import TextFormats

/// A small deterministic random number generator (SplitMix64), so that a sandbox started with the
/// same `--seed` generates the same data and injects faults at the same shares.
/// The standard library's generator cannot be seeded.
struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A random version-4 UUID in lower case.
    mutating func uuid() -> String {
        var bytes = (next(), next())
        return withUnsafeMutableBytes(of: &bytes) { raw in
            raw[6] = (raw[6] & 0x0F) | 0x40
            raw[8] = (raw[8] & 0x3F) | 0x80
            return String(unsafeUninitializedCapacity: 36) { text in
                var position = 0
                for index in 0..<16 {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        text[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    text[position] = Hex.lowerDigits[Int(raw[index] >> 4)]
                    text[position + 1] = Hex.lowerDigits[Int(raw[index] & 0xF)]
                    position += 2
                }
                return position
            }
        }
    }
}
