import Foundation

/// Rows read in one go, and what the reader said after the last of them.
struct RowChunk: Sendable {
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

/// A bounded hand-over of chunks from the read-ahead thread to the consumer.
final class ChunkQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var chunks: [RowChunk] = []
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Waits for room; false when the consumer has gone (then reading stops).
    func put(_ chunk: RowChunk) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while chunks.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        chunks.append(chunk)
        condition.broadcast()
        return true
    }

    /// Waits for the next chunk.
    func take() -> RowChunk {
        condition.lock()
        defer { condition.unlock() }
        while chunks.isEmpty { condition.wait() }
        let chunk = chunks.removeFirst()
        condition.broadcast()
        return chunk
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
