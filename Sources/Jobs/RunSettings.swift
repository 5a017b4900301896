import BatchKit
import Foundation

/// How a bulk run goes, whatever it sends: shared by `import contacts` and `invite referrals`.
public struct RunSettings: Sendable {
    /// Requests (rows or batches) in flight at most (`--concurrency`).
    public var concurrency = 16
    public var rate: RateLimiter.Mode = .unlimited
    public var retry = RetryPolicy()
    /// The most one request may take (`--request-timeout`).
    public var requestTimeout: Duration = .seconds(60)
    /// nil: `<input>.report.csv` (`<input>.dry-run.report.csv` in a dry run).
    public var reportPath: String?
    /// nil: `<input>.failed.csv` (or `.failed.ndjson`, `.failed.xlsx`, as the input).
    public var failedRowsPath: String?
    /// Whether the failed rows are written at all (a check writes them only when asked).
    public var writesFailedRows = true
    public var resume = false
    public var dryRun = false
    /// The failed-rows CSV's formula-like cells neutralised (`--no-excel-safe` turns it off).
    public var excelSafe = true
    /// The wall clock Leat's timestamps are compared with (when a listing of contacts began: what
    /// changed since is not gone by): tests run it ahead instead of waiting for Leat's next second.
    public var now: @Sendable () -> Date = { Date() }

    public init() {}

    /// The report's path for `input`.
    public func reportPath(for input: String) -> String {
        reportPath ?? OutputPaths.beside(input, dryRun ? ".dry-run.report.csv" : ".report.csv")
    }
}
