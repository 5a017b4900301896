#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Shows how a run is going, on standard error: on a terminal one live line (rows done of an
/// estimate from the bytes read, ok/failed, rows/s, ETA), redrawn a few times a second; otherwise
/// (a log, cron) the same as a plain line every few seconds; or nothing (`--quiet`).
public final class ProgressReporter {
    public enum Style: Sendable, Equatable {
        case live
        case log(every: Duration)
        case quiet

        /// `live` when standard error is a terminal, else a line every 5 seconds.
        public static var automatic: Style { isatty(2) != 0 ? .live : .log(every: .seconds(5)) }
    }

    private let style: Style
    private let start = ContinuousClock.now
    private var lastShown = ContinuousClock.now
    private var shownLive = false

    public init(style: Style) {
        self.style = style
    }

    /// Counts so far; shown when it is time to.
    public struct Counts {
        public var read = 0
        public var ok = 0
        public var failed = 0
        public var bytesRead = 0
        public var totalBytes: Int?
        /// Exports: pages written, and the last page when known.
        public var pagesDone: Int?
        public var lastPage: Int?
        /// A step before the rows (`listing contacts`), shown with its pages instead of rows.
        public var phase: String?
        public var done: Int { ok + failed }

        public init() {}
    }

    public func update(_ counts: Counts) {
        let interval: Duration
        switch style {
        case .quiet: return
        case .live: interval = .milliseconds(250)
        case .log(let every): interval = every
        }
        let now = ContinuousClock.now
        guard now - lastShown >= interval else { return }
        lastShown = now
        let text = line(counts, elapsed: (now - start).seconds)
        if style == .live {
            shownLive = true
            standardError("\r\u{1B}[K" + text)
        } else {
            standardError(text + "\n")
        }
    }

    /// Clears the live line before the summary is printed.
    public func finish() {
        if shownLive { standardError("\r\u{1B}[K") }
    }

    func line(_ counts: Counts, elapsed: Double) -> String {
        let rate = elapsed > 0 ? Double(counts.done) / elapsed : 0
        if let phase = counts.phase {
            return "\(phase): page \(counts.pagesDone ?? 0)\(counts.lastPage.map { " / \($0)" } ?? "")"
        }
        if let pages = counts.pagesDone {
            return "page \(pages)\(counts.lastPage.map { " / \($0)" } ?? "") · \(counts.done) rows · \(Int(rate)) rows/s"
        }
        var text = "\(counts.done)"
        var eta = ""
        if let total = counts.totalBytes, total > 0, counts.bytesRead > 0 {
            let estimate = max(counts.read, Int(Double(counts.read) * Double(total) / Double(counts.bytesRead)))
            text += " / ~\(estimate) rows (\(min(100, counts.bytesRead * 100 / total))%)"
            if rate > 0 {
                let left = Int(Double(max(0, estimate - counts.done)) / rate)
                eta = " · ETA \(left / 60):\(left % 60 < 10 ? "0" : "")\(left % 60)"
            }
        } else {
            text += " rows"
        }
        return text + " · ok \(counts.ok) · failed \(counts.failed) · \(Int(rate)) rows/s" + eta
    }
}

/// Writes `text` to standard error, unbuffered.
func standardError(_ text: String) {
    var text = text
    text.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
}
