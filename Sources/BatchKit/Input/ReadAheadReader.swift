import Foundation

/// Reads rows on a thread of its own, a few batches ahead of the consumer, so that parsing and
/// what is done with each row (validation, the report) run on two cores at once.
///
/// It is a ``RowReader`` like the one it wraps and says the same things: `columns` grow with the
/// row that adds them, an error comes after the rows before it, and `warnings`,
/// `blankLinesSkipped` and `bytesRead` are as the wrapped reader had them after the batch of the
/// row last handed out (so, at the end, exactly as it had them).
/// At most `batchesAhead` batches (each what the wrapped reader's ``RowReader/nextRows()`` gave:
/// a 64 KB chunk of a CSV file) wait at any time, so memory stays flat.
package final class ReadAheadReader: RowReader {
    package private(set) var columns: [String]
    package var columnCount: Int { columns.count }
    package private(set) var warnings: [String] = []
    package private(set) var blankLinesSkipped = 0
    package private(set) var bytesRead = 0
    package let totalBytes: Int?
    package let columnsKnownUpFront: Bool

    private let queue: BatchQueue
    private var batch = ReadBatch()
    private var index = 0

    /// Starts reading `reader` ahead. From here on only the read-ahead thread touches `reader`.
    package init(_ reader: sending any RowReader, batchesAhead: Int = 16) {
        columns = reader.columns
        totalBytes = reader.totalBytes
        columnsKnownUpFront = reader.columnsKnownUpFront
        queue = BatchQueue(capacity: batchesAhead)
        let queue = self.queue
        let producer = Producer(reader: reader)
        let thread = Thread { producer.run(into: queue) }
        thread.name = "read-ahead"
        thread.start()
    }

    /// Starts `produce` on a thread of its own, putting batches into the queue it is given (until
    /// `put` says the consumer has gone), and waits for its first batch: the one that names the
    /// columns (in `addedColumns`), or the error that says why there are none.
    init(totalBytes: Int?, batchesAhead: Int = 16, name: String, produce: @escaping @Sendable (BatchQueue) -> Void) throws(InputError) {
        columns = []
        self.totalBytes = totalBytes
        columnsKnownUpFront = true
        queue = BatchQueue(capacity: batchesAhead)
        let queue = self.queue
        let thread = Thread { produce(queue) }
        thread.name = name
        thread.start()
        batch = queue.take()
        if let error = batch.error { throw error }
        columns = batch.addedColumns ?? []
        warnings = batch.warnings
    }

    deinit {
        queue.cancel()
    }

    package func next() throws(InputError) -> SourceRow? {
        while index == batch.rows.count {
            if let error = batch.error {
                batch.error = nil
                throw error
            }
            if batch.isLast { return nil }
            batch = queue.take()
            index = 0
            warnings = batch.warnings
            blankLinesSkipped = batch.blankLinesSkipped
            bytesRead = batch.bytesRead
        }
        defer { index += 1 }
        if index == batch.rows.count - 1, let added = batch.addedColumns { columns += added }
        return batch.rows[index]
    }
}

/// The reading loop: the wrapped reader lives here and only the read-ahead thread uses it.
private final class Producer: @unchecked Sendable {
    private let reader: any RowReader

    init(reader: any RowReader) {
        self.reader = reader
    }

    func run(into queue: BatchQueue) {
        var knownColumns = reader.columnCount
        var done = false
        while !done {
            var batch = ReadBatch()
            do {
                batch.rows = try reader.nextRows()
                done = batch.rows.isEmpty
                if reader.columnCount != knownColumns {
                    batch.addedColumns = Array(reader.columns[knownColumns...])
                    knownColumns = reader.columnCount
                }
            } catch {
                batch.error = error
                done = true
            }
            batch.isLast = done
            batch.warnings = reader.warnings
            batch.blankLinesSkipped = reader.blankLinesSkipped
            batch.bytesRead = reader.bytesRead
            guard queue.put(batch) else { return }
        }
    }
}
