import BatchKit
import Foundation
import Jobs
import LeatAPI
import Synchronization

/// The imports the desk is running, by job id: each one a ``JobRun`` of the same import job the
/// CLI runs, its report and rows to fix in the job's folder, so that the report is its ledger and
/// a stopped or interrupted run resumes from it.
final class DeskRuns: Sendable {
    /// Where a job's run is.
    enum Status: Sendable {
        /// Running, with its latest progress.
        case running(JobProgress, JobHandle)
        /// Over: its summary (also in `summary.json`).
        case finished(RunSummary)
        /// It could not start or stopped with an error before anything was sent.
        case failed(String)
    }

    let leat: LeatClient
    private let runs = Mutex<[String: Status]>([:])
    /// The tasks of the imports under way, so that the desk can wait for them when it stops.
    private let tasks = Mutex<[String: Task<Void, Never>]>([:])

    init(leat: LeatClient) {
        self.leat = leat
    }

    /// The files a run writes in a job's folder.
    static let reportName = "report.csv"
    /// The rows to fix are in the upload's own format: `rows-to-fix.csv`, `.ndjson` or `.xlsx`.
    static func failedRowsName(for input: String) -> String {
        "rows-to-fix." + (input.split(separator: ".").last.map(String.init) ?? "csv")
    }
    static let summaryName = "summary.json"
    /// A preview (dry run) writes its report and summary apart: it is no ledger of the import.
    static let previewName = "preview.csv"
    static let previewSummaryName = "preview-summary.json"

    /// A job's state in a word or two for the list of jobs, and where its page is below `/jobs/<id>`.
    func state(of id: String, folder: String) -> (String, String) {
        let has = { FileManager.default.fileExists(atPath: folder + "/" + $0) }
        switch status(of: id) {
        case .running(let progress, _): return ("importing: \(progress.done) rows done", "/run")
        case .finished(let summary): return (summary.stopped == nil ? "imported: \(summary.ok) ok, \(summary.failed) failed" : "stopped — Resume", "/run")
        case .failed: return ("not imported", "/run")
        case nil:
            if has(Self.summaryName) { return ("imported", "/run") }
            if has(Self.reportName) { return ("interrupted — Resume", "/run") }
            return has("mapping.json") ? ("mapped, not imported", "/check") : ("uploaded", "")
        }
    }

    func status(of id: String) -> Status? {
        runs.withLock { $0[id] }
    }

    /// Starts the import of job `id` unless it runs already; `resume` goes on from its report. A
    /// `preview` is its dry run (read requests only), kept under the key `<id>/preview`.
    func start(id: String, folder: String, input: String, mapping: MappingOptions, createAttributes: Bool, resume: Bool, preview: Bool = false) {
        var options = ImportOptions()
        options.mapping = mapping
        options.createAttributes = createAttributes
        options.run.reportPath = folder + "/" + (preview ? Self.previewName : Self.reportName)
        options.run.failedRowsPath = folder + "/" + Self.failedRowsName(for: input)
        options.run.resume = resume
        options.run.dryRun = preview
        let id = preview ? id + "/preview" : id
        let summaryName = preview ? Self.previewSummaryName : Self.summaryName
        let run = JobRun(ImportContactsJob(options: options, client: leat), input: input)
        let handle = run.handle
        let started = runs.withLock { runs -> Bool in
            if case .running = runs[id] { return false }
            runs[id] = .running(JobProgress(), handle)
            return true
        }
        guard started else { return }
        let task = Task {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await progress in handle.progress { self.runs.withLock { $0[id] = .running(progress, handle) } }
                }
                let status: Status
                do {
                    let summary = try await run.run()
                    try? summary.write(toJSON: folder + "/" + summaryName)
                    status = .finished(summary)
                } catch {
                    status = .failed(String(describing: error))
                }
                await group.waitForAll()
                self.runs.withLock { $0[id] = status }
            }
        }
        tasks.withLock { $0[id] = task }
    }

    /// Stops every import under way (the rows in flight finish and are recorded, so each one
    /// resumes from its report) and waits until they have: called before the Leat client closes.
    func drain() async {
        let running = runs.withLock { runs in runs.values.compactMap { if case .running(_, let handle) = $0 { handle } else { nil } } }
        for handle in running { handle.stop(reason: "the desk stopped") }
        for task in tasks.withLock({ Array($0.values) }) { await task.value }
    }
}
