import Synchronization

/// How many rows of a run are waiting out a retry's backoff: shared by the ``RequestRunner`` that
/// waits and the ``RowEngine`` that counts it, so that a row sleeping between two attempts does
/// not hold one of the `concurrency` places — on a flaky API the other places would otherwise sit
/// idle while the server answers everybody else at once.
package final class RetryWaits: Sendable {
    private let count = Atomic<Int>(0)

    package init() {}

    /// Rows waiting now.
    package var current: Int { count.load(ordering: .relaxed) }

    /// Runs `body` (the wait) counted as a row waiting.
    package func counting<T>(_ body: () async -> T) async -> T {
        count.add(1, ordering: .relaxed)
        let result = await body()
        count.subtract(1, ordering: .relaxed)
        return result
    }
}
