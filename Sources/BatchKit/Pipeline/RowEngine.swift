/// The sliding window every bulk job runs in: at most `concurrency` rows in flight, fed from the
/// reader as rows finish, so the reader never runs ahead of the work (back-pressure) and memory
/// stays flat whatever the file's size. Rows waiting out a retry's backoff (``RetryWaits``) leave
/// their places to new rows, up to twice `concurrency` rows in all.
///
/// Rows with the same key are never in flight together: a row whose key is busy waits (parked)
/// until the row before it has finished *and been recorded* (`finish`, then `checkpoint`), so they
/// are applied and recorded in input order. At most `parkedLimit` rows wait so; when that many do,
/// reading pauses too.
package struct RowEngine: Sendable {
    package var concurrency: Int
    package var parkedLimit: Int

    package init(concurrency: Int, parkedLimit: Int = 4096) {
        self.concurrency = max(1, concurrency)
        self.parkedLimit = max(1, parkedLimit)
    }

    /// Runs until the input ends or `control` stops the run.
    ///
    /// - Parameters:
    ///   - next: the next row to work on, nil at the end (rows settled offline — invalid, already
    ///     done — are recorded by `next` itself). A throw drains the run and is rethrown at the end.
    ///   - key: rows with equal keys go one at a time, in order.
    ///   - perform: the work on one row, in a child task.
    ///   - finish: records a row's outcome, in this task. A throw (disk full) aborts the run and is
    ///     rethrown at the end.
    ///   - checkpoint: makes what `finish` recorded durable; called before a later row with the
    ///     same key starts, so a resumed run never re-applies an earlier row over a later one.
    package func run<Item: Sendable, Outcome: Sendable>(
        control: RunControl,
        retryWaits: RetryWaits? = nil,
        next: () async throws -> Item?,
        key: (Item) -> String,
        perform: @escaping @Sendable (Item) async -> Outcome,
        finish: (Item, Outcome) throws -> Void,
        checkpoint: () throws -> Void = {}
    ) async throws {
        var failure: (any Error)?
        await withTaskGroup(of: (Item, String, Outcome).self) { group in
            /// Keys in flight, each with the rows parked behind it.
            var busy: [String: [Item]] = [:]
            var inFlight = 0
            var parked = 0
            var exhausted = false

            func start(_ item: Item, _ itemKey: String) {
                inFlight += 1
                group.addTask { (item, itemKey, await perform(item)) }
            }

            while true {
                while !exhausted, control.isRunning, inFlight - (retryWaits?.current ?? 0) < concurrency, inFlight < 2 * concurrency,
                    parked < parkedLimit
                {
                    let item: Item?
                    do {
                        item = try await next()
                    } catch {
                        failure = error
                        control.drain(reason: "\(error)")
                        break
                    }
                    guard let item else {
                        exhausted = true
                        break
                    }
                    let itemKey = key(item)
                    if busy[itemKey] != nil {
                        busy[itemKey]!.append(item)
                        parked += 1
                    } else {
                        busy[itemKey] = []
                        start(item, itemKey)
                    }
                }
                guard inFlight > 0, let (item, itemKey, outcome) = await group.next() else { break }
                inFlight -= 1
                var successor = busy[itemKey]?.first
                do {
                    try finish(item, outcome)
                    if successor != nil { try checkpoint() }
                } catch {
                    if failure == nil { failure = error }
                    control.abort(reason: "\(error)")
                    successor = nil
                }
                if let following = successor, control.isRunning, let waiting = busy[itemKey] {
                    busy[itemKey] = Array(waiting.dropFirst())
                    parked -= 1
                    start(following, itemKey)
                } else {
                    busy[itemKey] = nil
                }
            }
        }
        if let failure { throw failure }
    }
}
