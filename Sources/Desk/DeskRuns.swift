import BatchKit
import CapillaryAPI
import Foundation
import Jobs
import LeatAPI
import Logging
import Synchronization
import TextFormats

#if os(Linux)
    import CMalloc
#endif

/// The runs of the desk's jobs, by job id: each one a ``JobRun`` of the job the CLI runs (the
/// contacts import, the referral invites), its report and rows to fix in the job's folder, so
/// that the report is its ledger and a stopped or interrupted run resumes from it; its state and
/// counts go to the job's database row. At most `maxRunning` run at once, the rest wait
/// in line. The runs of one API share one rate limiter, since they spend one credential's
/// requests: one for Leat (the imports), one for Capillary (the invites).
final class DeskRuns: Sendable {
    /// Where a job's run is.
    enum Status: Sendable {
        /// Waiting for a place (`--jobs`).
        case queued
        /// Running, with its latest progress.
        case running(JobProgress, JobHandle)
        /// Over: its summary (also in `summary.json`).
        case finished(RunSummary)
        /// It could not start, or stopped with an error before anything was sent.
        case failed(Failure)
        /// The rows being checked offline (the check page), with the latest progress.
        case checking(JobProgress, RunControl)
        /// The rows checked: the counts (also in `check-summary.json`).
        case checked(RunSummary)
        /// An export over, written or not.
        case exported(RunSummary)
    }

    /// Why a run could not start or went wrong before it sent anything: the library's English
    /// (``message``) and, where it gave one, its phrase, which the page words in its language.
    struct Failure: Sendable {
        var message: String
        var phrasing: Phrasing?

        init(_ error: any Error) {
            let input = error as? InputError
            message = input?.placeless ?? String(describing: error)
            phrasing = input?.placedPhrasing
        }

        /// A failure the desk itself says.
        init(_ phrase: Phrase) {
            (message, phrasing) = (phrase.rawValue, Phrasing(phrase.rawValue))
        }
    }

    /// What a run does: a job of the CLI's, the offline check of the rows, or an export.
    enum Work: Sendable {
        case run(Job)
        case check(CheckOptions)
        case export(ExportOptions)
    }

    /// What to run: all a run needs, so that a queued one starts later as asked.
    struct Request: Sendable {
        var key: String
        var folder: String
        var input: String
        var work: Work
        var summaryName: String
        /// The job whose database row the run keeps up to date; nil for a preview.
        var record: String?
        /// The job it is for (its check, preview or run).
        var job: String
    }

    /// The runs and the line, as a value: each event returns what to start.
    struct State {
        var statuses: [String: Status] = [:]
        var waiting: [Request] = []
        var running = 0
        let maxRunning: Int

        /// A run asked for: start it now, or keep it in line; nil when it runs or waits already.
        mutating func ask(_ request: Request) -> Request? {
            switch statuses[request.key] {
            case .queued?, .running?, .checking?: return nil
            default: break
            }
            guard running < maxRunning else {
                statuses[request.key] = .queued
                waiting.append(request)
                return nil
            }
            running += 1
            return request
        }

        /// A run is over: the next in line to start, if any.
        mutating func finished(_ key: String, _ status: Status) -> Request? {
            statuses[key] = status
            running -= 1
            guard running < maxRunning, !waiting.isEmpty else { return nil }
            running += 1
            return waiting.removeFirst()
        }

        /// A queued run taken out of line before it began.
        mutating func cancel(_ key: String) {
            guard let index = waiting.firstIndex(where: { $0.key == key }) else { return }
            waiting.remove(at: index)
            statuses[key] = .failed(Failure(.stoppedBeforeItBegan))
        }

        /// Runs ahead of `key` in line.
        func ahead(of key: String) -> Int? { waiting.firstIndex { $0.key == key } }
    }

    let leat: LeatClient
    /// Capillary, for referral invites; nil when the desk has none set up.
    let capillary: CapillaryClient?
    let database: JobDatabase
    private let logger: Logger
    /// How each run spends its requests (`serve`'s network options): in flight, retries, timeout.
    let settings: RunSettings
    let leatLimiter: RateLimiter
    let capillaryLimiter: RateLimiter
    let state: Mutex<State>
    /// The tasks of the runs under way, so that the desk can wait for them when it stops.
    let tasks = Mutex<[String: Task<Void, Never>]>([:])
    /// Held while a fixed row's check is written (``recheck(id:folder:input:line:cells:options:columns:)``),
    /// so that two fixes at once do not count from the same counts.
    let rechecks = Mutex(())

    init(
        leat: LeatClient, capillary: CapillaryClient?, database: JobDatabase, settings: RunSettings = RunSettings(), maxRunning: Int = 2,
        logger: Logger
    ) {
        self.settings = settings
        leatLimiter = RateLimiter(mode: settings.rate)
        capillaryLimiter = RateLimiter(mode: settings.rate)
        self.logger = logger
        self.leat = leat
        self.capillary = capillary
        self.database = database
        state = Mutex(State(maxRunning: max(1, maxRunning)))
    }

    /// The files a run writes in a job's folder.
    static let reportName = "report.csv"
    static let summaryName = "summary.json"
    /// A preview (dry run) writes its report and summary apart: it is no ledger of the import.
    static let previewName = "preview.csv"
    static let previewSummaryName = "preview-summary.json"

    /// The rows to fix are in the upload's own format: `rows-to-fix.csv`, `.ndjson` or `.xlsx`.
    static func failedRowsName(for input: String) -> String {
        "rows-to-fix." + (input.split(separator: ".").last.map(String.init) ?? "csv")
    }

    func status(of key: String) -> Status? {
        state.withLock { $0.statuses[key] }
    }

    /// What job `id` is, as its database row says: contacts or invites.
    func kind(of id: String) throws -> JobRecord.Kind {
        try database.job(id)?.kind ?? .contacts
    }

    /// Forgets job `id`'s runs, once it is deleted (it must not wait or run).
    func forget(_ id: String) {
        state.withLock { state in
            for key in [id, id + "/preview", id + "/check"] { state.statuses[key] = nil }
        }
    }

    /// Whether job `id`'s run, preview or check waits or runs.
    func isBusy(_ id: String) -> Bool {
        state.withLock { state in [id, id + "/preview", id + "/check"].contains { Self.isUnderWay(state.statuses[$0]) } }
    }

    /// Whether the run of `key` (an export's, say) waits or runs.
    func isUnderWay(_ key: String) -> Bool { Self.isUnderWay(status(of: key)) }

    private static func isUnderWay(_ status: Status?) -> Bool {
        switch status {
        case .queued?, .running?, .checking?: true
        default: false
        }
    }

    func ahead(of key: String) -> Int? {
        state.withLock { $0.ahead(of: key) }
    }

    /// A job's state in a word or two for the list of jobs, and where its page is below `/jobs/<id>`:
    /// the live state when it waits or runs, else what the database keeps.
    func state(of record: JobRecord) -> (String, String) {
        switch status(of: record.id) {
        case .queued: return (Words.say(.stateQueued), "/run")
        case .running(let progress, _): return (Words.say(.stateRunning, ["rows": Words.number(progress.done)]), "/run")
        default: break
        }
        switch record.state {
        case .uploaded: return (Words.say(.stateUploaded), "")
        case .mapped: return (Words.say(.stateMapped), "/check")
        case .running, .interrupted: return (Words.say(.stateInterrupted), "/run")
        case .stopped: return (Words.say(.stateStopped), "/run")
        case .finished: return (Words.say(.stateDone), "/run")
        case .failed: return (Words.say(.stateNotRun), "/run")
        }
    }

    /// Starts (or queues) job `id`'s run unless it runs or waits already; `resume` goes on from
    /// its report. A `preview` is its dry run (read requests only), kept as `<id>/preview`.
    func start(id: String, folder: String, input: String, job: Job, resume: Bool, preview: Bool = false) {
        var job = job
        job.run = settings
        job.run.reportPath = folder + "/" + (preview ? Self.previewName : Self.reportName)
        job.run.failedRowsPath = folder + "/" + Self.failedRowsName(for: input)
        job.run.resume = resume
        job.run.dryRun = preview
        let request = Request(
            key: preview ? id + "/preview" : id, folder: folder, input: input, work: .run(job),
            summaryName: preview ? Self.previewSummaryName : Self.summaryName, record: preview ? nil : id, job: id)
        if let now = state.withLock({ $0.ask(request) }) { launch(now) }
    }

    /// Stops a run: one under way drains (the rows in flight finish; it resumes from its report),
    /// one in line is taken out.
    func stop(_ key: String, reason: StopPhrase) {
        let control = state.withLock { state -> RunControl? in
            switch state.statuses[key] {
            case .running(_, let handle): return handle.control
            case .checking(_, let control): return control
            default:
                state.cancel(key)
                return nil
            }
        }
        let english = reason == .fromTheDesk ? "stopped from the desk" : "the desk stopped"
        _ = control?.drain(reason: english, phrasing: .stop(reason))
    }

    /// Keeps the database row of the job `request` runs up to date (a preview has none). A row
    /// that cannot be written is logged and leaves the run as it is: its report stays the ledger.
    func record(_ request: Request, _ change: @Sendable (inout JobRecord) -> Void) {
        guard let id = request.record else { return }
        do {
            try database.update(id, change)
        } catch {
            logger.error("job \(id): its row in desk.sqlite could not be written (\(error)); its report is still its ledger")
        }
    }

    /// Stops every run (the rows in flight finish and are recorded, so each one resumes from its
    /// report), empties the line, and waits: called before the Leat client closes.
    func drain() async {
        let keys = state.withLock { state -> [String] in
            for request in state.waiting { state.cancel(request.key) }
            return Array(state.statuses.keys)
        }
        for key in keys { stop(key, reason: .deskStopped) }
        for task in tasks.withLock({ Array($0.values) }) { await task.value }
    }
}
