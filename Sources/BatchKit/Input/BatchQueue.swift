import Foundation

/// Rows read in one go, and what the reader said after the last of them.
struct ReadBatch: Sendable {
    var rows: [SourceRow] = []
    /// The columns the last row added (NDJSON), if any: only those, so that a file whose every
    /// line adds a key does not copy all the columns once per line.
    var addedColumns: [String]?
    var warnings: [String] = []
    var blankLinesSkipped = 0
    var bytesRead = 0
    var error: InputError?
    var isLast = false
}

/// A bounded hand-over of batches from the read-ahead thread to the consumer.
final class BatchQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var batches: [ReadBatch] = []
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Waits for room; false when the consumer has gone (then reading stops).
    func put(_ batch: ReadBatch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        batches.append(batch)
        condition.broadcast()
        return true
    }

    /// Waits for the next batch.
    func take() -> ReadBatch {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty { condition.wait() }
        let batch = batches.removeFirst()
        condition.broadcast()
        return batch
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
