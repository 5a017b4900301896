#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Shows how a run is going (``JobProgress``), on standard error: on a terminal one live line
/// (rows done of an estimate from the bytes read, ok/failed, rows/s, ETA), redrawn a few times a
/// second; otherwise (a log, cron) the same as a plain line every few seconds; or nothing (`--quiet`).
public final class ProgressReporter {
    public enum Style: Sendable, Equatable {
        case live
        case log(every: Duration)
        case quiet

        /// `live` when standard error is a terminal, else a line every 5 seconds.
        public static var automatic: Style { isatty(2) != 0 ? .live : .log(every: .seconds(5)) }
    }

    private let style: Style
    private var lastShown = ContinuousClock.now
    private var shownLive = false

    public init(style: Style) {
        self.style = style
    }

    /// Shows `progress` when it is time to: a few times a second live, every few seconds in a log.
    public func update(_ progress: JobProgress) {
        let interval: Duration
        switch style {
        case .quiet: return
        case .live: interval = .milliseconds(250)
        case .log(let every): interval = every
        }
        let now = ContinuousClock.now
        guard now - lastShown >= interval else { return }
        lastShown = now
        let text = line(progress)
        if style == .live {
            shownLive = true
            standardError("\r\u{1B}[K" + text)
        } else {
            standardError(text + "\n")
        }
    }

    /// Shows every event of `progress` as it comes, until the run ends, then clears the live line.
    public func show(_ progress: some AsyncSequence<JobProgress, Never>) async {
        for await event in progress {
            if event.finished { break }
            update(event)
        }
        finish()
    }

    /// Clears the live line before the summary is printed.
    public func finish() {
        if shownLive { standardError("\r\u{1B}[K") }
        shownLive = false
    }

    /// The progress line.
    func line(_ progress: JobProgress) -> String {
        let rate = Int(progress.rowsPerSecond)
        if let phase = progress.phase {
            return "\(phase.rawValue): page \(progress.pagesDone ?? 0)\(progress.lastPage.map { " / \($0)" } ?? "")"
        }
        if let pages = progress.pagesDone {
            return "page \(pages)\(progress.lastPage.map { " / \($0)" } ?? "") · \(progress.done) rows · \(rate) rows/s"
        }
        var text = "\(progress.done)"
        if let estimate = progress.estimatedRows, let percent = progress.percentRead {
            text += " / ~\(estimate) rows (\(percent)%)"
        } else {
            text += " rows"
        }
        text += " · ok \(progress.ok) · failed \(progress.failed) · \(rate) rows/s"
        if let left = progress.remaining.map({ Int($0.seconds) }) {
            text += " · ETA \(left / 60):\(left % 60 < 10 ? "0" : "")\(left % 60)"
        }
        return text
    }
}

/// Writes `text` to standard error, unbuffered.
func standardError(_ text: String) {
    var text = text
    text.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
}
