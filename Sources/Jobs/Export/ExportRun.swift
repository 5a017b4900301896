import BatchKit
import LeatAPI

/// An export driven as a bulk run is: its progress and its stop on ``handle`` (the terminal's
/// line and the desk's page read the one, Ctrl-C and the desk's Stop use the other), its requests
/// under one rate limiter: its own, or one shared with the desk's other runs on the credential.
package struct ExportRun {
    package let options: ExportOptions
    package let client: LeatClient
    package let handle: JobHandle
    private let limiter: RateLimiter?
    private let continuation: AsyncStream<JobProgress>.Continuation

    package init(options: ExportOptions, client: LeatClient, control: RunControl = RunControl(), limiter: RateLimiter? = nil) {
        (self.options, self.client, self.limiter) = (options, client, limiter)
        let (progress, continuation) = AsyncStream.makeStream(of: JobProgress.self, bufferingPolicy: .bufferingNewest(1))
        let (outcomes, none) = AsyncStream.makeStream(of: [RowOutcome].self)
        none.finish()
        handle = JobHandle(progress: progress, outcomes: outcomes, control: control)
        self.continuation = continuation
    }

    /// Runs the export to its end (``ExportJob/run(options:client:control:)`` says how it goes).
    package func run() async throws -> RunSummary {
        let feed = ProgressFeed(continuation)
        defer { feed.finish() }
        return try await ExportJob.run(
            options: options, client: client, control: handle.control, limiter: limiter ?? RateLimiter(mode: options.rate), feed: feed)
    }
}
