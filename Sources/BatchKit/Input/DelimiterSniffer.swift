/// Guesses a CSV file's delimiter from a sample of its first lines.
///
/// Each candidate (`,` `;` tab `|`) is counted outside quotes on each complete line of the sample.
/// A candidate that appears on the header line the same number of times on every line wins;
/// among several, the one with the most columns; with none consistent, the most frequent on the
/// header line; with none at all (a one-column file), `,`.
enum DelimiterSniffer {
    static let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|")]
    static let sampledLines = 20

    static func sniff(_ sample: some Collection<UInt8>, isWholeFile: Bool) -> UInt8 {
        var lines: [[Int]] = []
        var counts = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false
        var lineHasContent = false
        for byte in sample {
            if byte == UInt8(ascii: "\"") {
                inQuotes.toggle()
            } else if !inQuotes && (byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")) {
                if lineHasContent { lines.append(counts) }
                counts = [Int](repeating: 0, count: candidates.count)
                lineHasContent = false
                if lines.count == sampledLines { break }
                continue
            } else if !inQuotes, let index = candidates.firstIndex(of: byte) {
                counts[index] += 1
            }
            lineHasContent = true
        }
        if lineHasContent && isWholeFile && lines.count < sampledLines { lines.append(counts) }
        guard let header = lines.first else { return candidates[0] }

        var best: (index: Int, consistent: Bool, columns: Int)?
        for index in candidates.indices where header[index] > 0 {
            let consistent = lines.allSatisfy { $0[index] == header[index] }
            let score = (index: index, consistent: consistent, columns: header[index])
            if let current = best {
                if (score.consistent && !current.consistent)
                    || (score.consistent == current.consistent && score.columns > current.columns)
                {
                    best = score
                }
            } else {
                best = score
            }
        }
        return candidates[best?.index ?? 0]
    }
}
