import BatchKit
import Jobs
import NIOPosix

extension DeskRuns {
    /// The sink of a run's rows to fix: the job's database, written as the run publishes its
    /// failed rows (on NIO's thread pool), and of a preview's notes, which its page words. A fresh run's replace those of the run before and, once
    /// it is over, stand for its report, whose pages then read them from the database only. A
    /// resumed run publishes none: its report also holds what the run before it wrote, which the
    /// database may not (a restart mid-run), so its pages read the report once more.
    func keepRowsToFix(_ outcomes: AsyncStream<[RowOutcome]>, job: String, report: String, folder: String, fresh: Bool) async {
        let database = database
        try? await NIOThreadPool.singleton.runIfActive { try database.forgetRowsToFix(job: job, report: report) }
        for await batch in outcomes {
            try? await NIOThreadPool.singleton.runAsAsked {
                try database.addRowsToFix(job: job, report: report, batch)
                try database.addRowNotes(job: job, report: report, batch.filter(\.ok))
            }
        }
        guard fresh else { return }
        try? await NIOThreadPool.singleton.runIfActive { try database.keepReport(job: job, report: report, folder: folder) }
    }
}
