import AsyncAlgorithms

/// Rows handed from the reading task to the task that processes them.
public struct RowBatch: Sendable {
    public var rows: [SourceRow]
    /// The reader's columns when the batch was sent (NDJSON rows may have added some).
    public var columns: [String]
    /// The reader's counters so far; final on the last batch.
    public var bytesRead: Int
    public var blankLinesSkipped: Int
    public var warnings: [String]
}

/// Starts reading `reader` in batches on a task of its own; see ``RowBatch``.
///
/// The channel holds no batch of its own: the reading task waits while the consumer is busy, so
/// memory stays bounded whatever the file's size. Cancel the task to stop reading early.
public func readInBatches(_ reader: sending any RowReader, batchSize: Int = 1024) -> (batches: AsyncThrowingChannel<RowBatch, any Error>, task: Task<Void, Never>) {
    let channel = AsyncThrowingChannel<RowBatch, any Error>()
    let task = Task {
        func batch(_ rows: [SourceRow]) -> RowBatch {
            RowBatch(rows: rows, columns: reader.columns, bytesRead: reader.bytesRead,
                     blankLinesSkipped: reader.blankLinesSkipped, warnings: reader.warnings)
        }
        do {
            var rows: [SourceRow] = []
            rows.reserveCapacity(batchSize)
            while let row = try reader.next() {
                rows.append(row)
                if rows.count == batchSize {
                    await channel.send(batch(rows))
                    if Task.isCancelled { return }
                    rows = []
                    rows.reserveCapacity(batchSize)
                }
            }
            await channel.send(batch(rows))
            channel.finish()
        } catch {
            channel.fail(error)
        }
    }
    return (channel, task)
}
