import Foundation

/// Reads rows on a thread of its own, a few chunks ahead of the consumer, so that parsing and
/// what is done with each row (validation, the report) run on two cores at once.
///
/// It is a ``RowReader`` like the one it wraps and says the same things: `columns` grow with the
/// row that adds them, an error comes after the rows before it, and `warnings`,
/// `blankLinesSkipped` and `bytesRead` are as the wrapped reader had them after the chunk of the
/// row last handed out (so, at the end, exactly as it had them).
/// At most `chunksAhead` chunks (each what the wrapped reader's ``RowReader/nextRows()`` gave:
/// a 64 KB chunk of a CSV file) wait at any time, so memory stays flat.
package final class ReadAheadReader: RowReader {
    package private(set) var columns: [String]
    package var columnCount: Int { columns.count }
    package private(set) var warnings: [String] = []
    package private(set) var blankLinesSkipped = 0
    package private(set) var bytesRead = 0
    package let totalBytes: Int?
    package let columnsKnownUpFront: Bool

    private let queue: ChunkQueue
    private var chunk = RowChunk()
    private var index = 0

    /// Starts reading `reader` ahead. From here on only the read-ahead thread touches `reader`.
    package init(_ reader: sending any RowReader, chunksAhead: Int = 16) {
        columns = reader.columns
        totalBytes = reader.totalBytes
        columnsKnownUpFront = reader.columnsKnownUpFront
        queue = ChunkQueue(capacity: chunksAhead)
        let queue = self.queue
        let producer = Producer(reader: reader)
        let thread = Thread { producer.run(into: queue) }
        thread.name = "read-ahead"
        thread.start()
    }

    /// Starts `produce` on a thread of its own, putting chunks into the queue it is given (until
    /// `put` says the consumer has gone), and waits for its first chunk: the one that names the
    /// columns (in `addedColumns`), or the error that says why there are none.
    init(totalBytes: Int?, chunksAhead: Int = 16, name: String, produce: @escaping @Sendable (ChunkQueue) -> Void) throws(InputError) {
        columns = []
        self.totalBytes = totalBytes
        columnsKnownUpFront = true
        queue = ChunkQueue(capacity: chunksAhead)
        let queue = self.queue
        let thread = Thread { produce(queue) }
        thread.name = name
        thread.start()
        chunk = queue.take()
        if let error = chunk.error { throw error }
        columns = chunk.addedColumns ?? []
        chunk.addedColumns = nil
        warnings = chunk.warnings
    }

    deinit {
        queue.cancel()
    }

    package func next() throws(InputError) -> SourceRow? {
        guard try fill() else { return nil }
        defer { index += 1 }
        if index == chunk.rows.count - 1 { addColumns() }
        return chunk.rows[index]
    }

    /// The rest of the chunk in hand, or the next chunk: handed over whole, not row by row.
    package func nextRows() throws(InputError) -> [SourceRow] {
        guard try fill() else { return [] }
        let rows = index == 0 ? chunk.rows : Array(chunk.rows[index...])
        chunk.rows = []
        index = 0
        addColumns()
        return rows
    }

    /// Takes the next chunk when the one in hand is handed out; false at the end (after its
    /// error, thrown once).
    private func fill() throws(InputError) -> Bool {
        while index == chunk.rows.count {
            if let error = chunk.error {
                chunk.error = nil
                throw error
            }
            if chunk.isLast { return false }
            chunk = queue.take()
            index = 0
            warnings = chunk.warnings
            blankLinesSkipped = chunk.blankLinesSkipped
            bytesRead = chunk.bytesRead
        }
        return true
    }

    /// The columns the chunk's last row added, once that row is handed out.
    private func addColumns() {
        guard let added = chunk.addedColumns else { return }
        columns += added
        chunk.addedColumns = nil
    }
}

/// The reading loop: the wrapped reader lives here and only the read-ahead thread uses it.
private final class Producer: @unchecked Sendable {
    private let reader: any RowReader

    init(reader: any RowReader) {
        self.reader = reader
    }

    func run(into queue: ChunkQueue) {
        var knownColumns = reader.columnCount
        var done = false
        while !done {
            var chunk = RowChunk()
            do {
                chunk.rows = try reader.nextRows()
                done = chunk.rows.isEmpty
                if reader.columnCount != knownColumns {
                    chunk.addedColumns = Array(reader.columns[knownColumns...])
                    knownColumns = reader.columnCount
                }
            } catch {
                chunk.error = error
                done = true
            }
            chunk.isLast = done
            chunk.warnings = reader.warnings
            chunk.blankLinesSkipped = reader.blankLinesSkipped
            chunk.bytesRead = reader.bytesRead
            guard queue.put(chunk) else { return }
        }
    }
}
