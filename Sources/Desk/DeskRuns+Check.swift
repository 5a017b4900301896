import BatchKit
import Foundation
import Jobs
import NIOPosix

/// The offline check of a job's rows (its check page), queued like any other run and run on the
/// same driver, on NIO's thread pool (``ThreadPoolExecutor``), never on a thread that serves pages: its progress is shown while it reads,
/// its counts are kept in the job's folder (`check-summary.json`) until the mapping changes.
extension DeskRuns {
    static let checkReportName = "check.csv"
    static let checkSummaryName = "check-summary.json"

    private static func checkKey(_ id: String) -> String { id + "/check" }

    /// Starts (or queues) the check of job `id`'s rows unless it is checked, runs or waits already.
    func check(id: String, folder: String, input: String, options: CheckOptions) {
        var options = options
        options.reportPath = folder + "/" + Self.checkReportName
        options.failedRowsPath = folder + "/check-" + Self.failedRowsName(for: input)
        let request = Request(
            key: Self.checkKey(id), folder: folder, input: input, work: .check(options), summaryName: Self.checkSummaryName,
            record: nil, job: id)
        if let now = state.withLock({ $0.ask(request) }) { launch(now) }
    }

    /// Where the check of job `id` is: live while it waits or reads, else its kept counts; nil
    /// when it was not checked since its mapping was chosen.
    func checkStatus(of id: String, folder: String) -> Status? {
        if let live = status(of: Self.checkKey(id)) { return live }
        guard let summary = RunSummary.read(fromJSON: folder + "/" + Self.checkSummaryName) else { return nil }
        return .checked(summary)
    }

    /// Forgets job `id`'s check and its files, once its mapping changed; false (nothing is
    /// forgotten) while the check waits or reads.
    func forgetCheck(id: String, folder: String) -> Bool {
        let forgotten = state.withLock { state -> Bool in
            switch state.statuses[Self.checkKey(id)] {
            case .queued?, .checking?: return false
            default:
                state.statuses[Self.checkKey(id)] = nil
                return true
            }
        }
        guard forgotten else { return false }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in files where name == Self.checkReportName || name == Self.checkSummaryName || name.hasPrefix("check-rows-to-fix.") {
            try? FileManager.default.removeItem(atPath: folder + "/" + name)
        }
        return true
    }

    /// Checks row `line` of job `id`, fixed to `cells`, again on its own (``RowRecheck``) and
    /// updates the job's counts and rows to fix, without reading the file: true when done; false
    /// when the file is to be checked again whole (a rule under which rows depend on each other, an
    /// NDJSON file, a check not over). Its rows-to-fix file is then out of date, and goes: the file
    /// with the fixes is the one to download. On NIO's thread pool.
    func recheck(id: String, folder: String, input: String, line: Int, cells: [String], options: CheckOptions, columns: [String])
        async throws -> Bool
    {
        guard case .checked(_)? = checkStatus(of: id, folder: folder), !input.hasSuffix(".ndjson"),
            var recheck = RowRecheck(columns: columns, options: options)
        else { return false }
        let problem = recheck.problem(line: line, cells: cells)
        let (database, key, summaryPath) = (database, Self.checkKey(id), folder + "/" + Self.checkSummaryName)
        return try await NIOThreadPool.singleton.runAsAsked {
            try self.rechecks.withLock { _ in
                // Only a row to fix has fields; any other line posted is checked with the whole file.
                guard case .checked(var summary)? = self.checkStatus(of: id, folder: folder),
                    let before = try database.rowToFix(job: id, report: Self.checkReportName, folder: folder, line: line)
                else { return false }
                // The row's old verdict out of the counts, its new one in, as the check counts it.
                summary.failed -= 1
                summary.errors[before.code, default: 1] -= 1
                if summary.errors[before.code] == 0 { summary.errors[before.code] = nil }
                summary.add(.invalid, count: -1)
                let verdict = ReportLine(
                    line: line, key: "", action: problem == nil ? .valid : .invalid, ok: problem == nil, errorCode: problem?.code ?? "")
                summary.record(verdict)
                summary.add(verdict.action, count: 1)
                if let stale = summary.failedRows { try? FileManager.default.removeItem(atPath: stale) }
                summary.failedRows = nil
                try database.setRowToFix(job: id, report: Self.checkReportName, line: line, problem: problem)
                try summary.write(toJSON: summaryPath)
                self.state.withLock { $0.statuses[key] = .checked(summary) }
                return true
            }
        }
    }

    func launchCheck(_ request: Request, options: CheckOptions) {
        let key = request.key
        let check = JobRun(CheckJob(options: options), input: request.input, publishing: .failures)
        let handle = check.handle
        state.withLock { $0.statuses[key] = .checking(JobProgress(), handle.control) }
        drive(request, handle: handle, live: { .checking($0, handle.control) }, rowsToFix: (Self.checkReportName, fresh: true)) {
            do {
                let summary = try await withTaskExecutorPreference(ThreadPoolExecutor.shared) { try await check.run() }
                if summary.stopped == nil { try? summary.write(toJSON: request.folder + "/" + request.summaryName) }
                return .checked(summary)
            } catch {
                return .failed(Failure(error))
            }
        }
    }
}
