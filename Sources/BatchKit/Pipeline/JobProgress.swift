/// How a run is going: what a job driver yields as it goes, and what the progress line shows.
public struct JobProgress: Sendable, Equatable {
    /// Data rows read from the input.
    public var read = 0
    public var ok = 0
    public var failed = 0
    /// HTTP requests sent so far, when the job counts them.
    public var requests: Int?
    public var bytesRead = 0
    /// The input's size, when it is a file.
    public var totalBytes: Int?
    /// Pages written (exports), or pages of a step before the rows, and the last page when known.
    public var pagesDone: Int?
    public var lastPage: Int?
    /// A step before the rows, shown with its pages instead of rows.
    public enum Phase: String, Sendable, CaseIterable {
        case listingContacts = "listing contacts"
    }

    /// The step before the rows under way, if any.
    public var phase: Phase?
    /// Time since the run began.
    public var elapsed: Duration = .zero
    /// The last event of the run.
    public var finished = false

    public init() {}

    /// Rows done, ok or failed.
    public var done: Int { ok + failed }

    public var rowsPerSecond: Double {
        let seconds = elapsed.seconds
        return seconds > 0 ? Double(done) / seconds : 0
    }

    /// The input's rows, estimated from the bytes read so far; nil when its size is unknown.
    public var estimatedRows: Int? {
        guard let totalBytes, totalBytes > 0, bytesRead > 0 else { return nil }
        return max(read, Int(Double(read) * Double(totalBytes) / Double(bytesRead)))
    }

    /// Of the input read, in percent; nil when its size is unknown.
    public var percentRead: Int? {
        guard let totalBytes, totalBytes > 0, bytesRead > 0 else { return nil }
        return min(100, bytesRead * 100 / totalBytes)
    }

    /// The time left at the rate so far; nil when it cannot be told yet.
    public var remaining: Duration? {
        guard let estimatedRows, rowsPerSecond > 0 else { return nil }
        return .seconds(Double(max(0, estimatedRows - done)) / rowsPerSecond)
    }
}
