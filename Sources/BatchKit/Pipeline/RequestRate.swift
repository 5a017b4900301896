/// A pace of requests as a person writes it: `50` or `50/s` per second, `3000/min` per minute.
public struct RequestRate: Sendable, Equatable {
    /// The same pace in requests per second.
    public var perSecond: Double

    public init(perSecond: Double) {
        self.perSecond = perSecond
    }

    /// Parses `N`, `N/s` or `N/min` (N > 0, a number); nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let count = Double(parts[0]), count.isFinite, count > 0 else { return nil }
        switch parts.count == 2 ? parts[1].lowercased() : "s" {
        case "s", "sec", "second": perSecond = count
        case "m", "min", "minute": perSecond = count / 60
        default: return nil
        }
    }
}
