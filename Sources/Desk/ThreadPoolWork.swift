import NIOPosix
import TextFormats

extension NIOThreadPool {
    /// `body` on the pool, as the task that asks: in its wording and language, for its person
    /// (``SignedIn``). A task-local value does not cross to the pool's threads by itself.
    func runAsAsked<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        let (wording, language, user) = (Wording.current, DeskLanguage.current, SignedIn.user)
        return try await runIfActive {
            try Wording.$current.withValue(wording) {
                try DeskLanguage.$current.withValue(language) { try SignedIn.$user.withValue(user) { try body() } }
            }
        }
    }
}

/// Runs Swift concurrency's jobs on NIO's thread pool, for a task that reads and checks a whole
/// file: the desk runs its tasks on NIO's event loops (`LoyaltyBatch.main` makes them the global
/// executor), which must stay free to serve pages and carry the requests of the runs.
final class ThreadPoolExecutor: TaskExecutor {
    static let shared = ThreadPoolExecutor(.singleton)
    private let pool: NIOThreadPool

    init(_ pool: NIOThreadPool) {
        self.pool = pool
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        pool.submit { _ in job.runSynchronously(on: executor) }
    }
}
