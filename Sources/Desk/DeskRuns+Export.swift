import BatchKit
import Foundation
import Jobs
import NIOPosix

extension DeskRuns {
    /// Starts (or queues) an export asked from the desk: the CLI's export job, written to `folder`
    /// with its manifest, its requests under the desk's one Leat rate limiter and network settings.
    func startExport(_ record: ExportRecord, folder: String, options asked: ExportOptions) {
        var options = asked
        options.output = folder + "/" + record.fileName
        (options.retry, options.concurrency, options.rate) = (settings.retry, settings.concurrency, settings.rate)
        let request = Request(
            key: Self.exportKey(record.id), folder: folder, input: "", work: .export(options), summaryName: "", record: nil, job: record.id)
        if let now = state.withLock({ $0.ask(request) }) { launch(now) }
    }

    /// The key of export `id`'s run.
    static func exportKey(_ id: String) -> String { "export/" + id }

    /// Runs an export: its progress kept for its page, its figures (rows, credits, SHA-256) to its
    /// database row when it ends.
    func launchExport(_ request: Request, options: ExportOptions) {
        let export = ExportRun(options: options, client: leat, limiter: leatLimiter)
        let handle = export.handle
        state.withLock { $0.statuses[request.key] = .running(JobProgress(), handle) }
        let database = database
        drive(request, handle: handle, live: { .running($0, handle) }, rowsToFix: nil) {
            let summary: RunSummary
            do {
                summary = try await export.run()
            } catch {
                // Refused before anything was fetched (a usage error): said on its page.
                let problem = String(describing: error)
                try? await NIOThreadPool.singleton.runIfActive {
                    try database.updateExport(request.job) { ($0.state, $0.problem) = (.failed, problem) }
                }
                return .failed(Failure(error))
            }
            let credits = options.entity == .transactions ? summary.export?.byType.values.reduce(0) { $0 + $1.credits } : nil
            try? await NIOThreadPool.singleton.runIfActive {
                try database.updateExport(request.job) { record in
                    record.state = summary.stopped == nil ? .done : .failed
                    (record.problem, record.rows, record.sha256, record.credits) = (
                        summary.stopped, summary.rows, summary.export?.sha256, credits
                    )
                }
            }
            return .exported(summary)
        }
    }
}
