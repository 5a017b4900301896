import BatchKit
import Foundation
import Jobs

#if os(Linux)
    import CMalloc
#endif

extension DeskRuns {
    /// Starts `request`'s run: its progress kept for the pages, its rows to fix for the database,
    /// its counts for the job's row; when it ends, the next in line starts.
    func launch(_ request: Request) {
        #if os(Linux)
            // The upload and the check freed their buffers; glibc keeps freed memory unless asked:
            // given back before the run, the desk's peak over upload + check + import is lower.
            _ = malloc_trim(0)
        #endif
        let handle: JobHandle
        let run: () async throws -> RunSummary
        let job: Job
        switch request.work {
        case .check(let options): return launchCheck(request, options: options)
        case .export(let options): return launchExport(request, options: options)
        case .run(let asked): job = asked
        }
        // A run's rows to fix go to the database as they come, and a preview's (typed, for its
        // page's words); not those of a resumed run, whose report holds its predecessor's too: its
        // pages read the report.
        let preview = request.record == nil
        let fresh = preview || !job.run.resume
        let publishing: PublishedOutcomes = preview ? .failuresAndNotes : fresh ? .failures : .none
        switch job {
        case .contacts(let options):
            let job = JobRun(
                ImportContactsJob(options: options, client: leat), input: request.input, limiter: leatLimiter, publishing: publishing)
            (handle, run) = (job.handle, { try await job.run() })
        case .balances(let options):
            let job = JobRun(
                ImportBalancesJob(options: options, client: leat), input: request.input, limiter: leatLimiter, publishing: publishing)
            (handle, run) = (job.handle, { try await job.run() })
        case .invites(let options):
            guard let capillary else {
                if let next = state.withLock({ $0.finished(request.key, .failed(Failure(.noCapillaryHere))) }) { launch(next) }
                return
            }
            let job = JobRun(
                InviteReferralsJob(options: options, client: capillary), input: request.input, limiter: capillaryLimiter,
                publishing: publishing)
            (handle, run) = (job.handle, { try await job.run() })
        }
        let key = request.key
        state.withLock { $0.statuses[key] = .running(JobProgress(), handle) }
        record(request) { record in
            record.state = .running
            record.started = record.started ?? Date()
        }
        drive(request, handle: handle, live: { .running($0, handle) }, rowsToFix: (preview ? Self.previewName : Self.reportName, fresh)) {
            do {
                let summary = try await run()
                try? summary.write(toJSON: request.folder + "/" + request.summaryName)
                self.record(request) { record in
                    record.state = summary.stopped == nil ? .finished : .stopped
                    // The report is the ledger: rows done by an earlier run of this job count too.
                    record.ok = summary.ok + summary.alreadyDone - summary.alreadyFailed
                    record.failed = summary.failed + summary.alreadyFailed
                    record.rows = record.ok + record.failed
                }
                return .finished(summary)
            } catch {
                self.record(request) { $0.state = .failed }
                return .failed(Failure(error))
            }
        }
    }

    /// Drives a run that has started: its progress kept as `live(progress)` for the pages, its
    /// failed rows kept for the database when `rowsToFix` names the report they are of, and the
    /// status `body` ends with; once its streams are read out, the next run in line starts.
    func drive(
        _ request: Request, handle: JobHandle, live: @escaping @Sendable (JobProgress) -> Status,
        rowsToFix: (report: String, fresh: Bool)?, _ body: sending @escaping () async -> Status
    ) {
        let key = request.key
        let task = Task {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await progress in handle.progress { self.state.withLock { $0.statuses[key] = live(progress) } }
                }
                if let rowsToFix {
                    group.addTask {
                        await self.keepRowsToFix(
                            handle.outcomes, job: request.job, report: rowsToFix.report, folder: request.folder, fresh: rowsToFix.fresh)
                    }
                }
                let status = await body()
                await group.waitForAll()
                if let next = self.state.withLock({ $0.finished(key, status) }) { self.launch(next) }
            }
        }
        tasks.withLock { $0[key] = task }
    }
}
