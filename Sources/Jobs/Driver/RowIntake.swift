import BatchKit

/// The driver's reading side: takes the input's rows one by one, has the prepared job admit each,
/// settles those that need no request (their report lines written at once) and gathers the others
/// into batches. Synchronous, so that the row loop runs on the thread's stack, not in an async frame.
struct RowIntake<Prepared: PreparedJob> {
    /// What a call gave.
    enum Step {
        case batch(WorkBatch<Prepared.Item>)
        /// The input ended (or the run stopped taking rows).
        case end
        /// Many rows were settled and no batch formed yet: the caller may leave the thread to others.
        case settledMany
    }

    var prepared: Prepared
    let recorder: RunRecorder
    let control: RunControl
    private var batches = 0
    /// The rows read in one go and not yet taken (from `index` on), and the input's columns when
    /// the last of them added some (NDJSON: a row that adds columns ends its chunk).
    private var rows: [SourceRow]
    private var index = 0
    private var newColumns: [String]?

    /// - Parameter first: the input's first row, read before the job was prepared (an NDJSON
    ///   file's columns are its keys).
    init(prepared: Prepared, first: SourceRow?, recorder: RunRecorder, control: RunControl) {
        self.prepared = prepared
        rows = first.map { [$0] } ?? []
        self.recorder = recorder
        self.control = control
    }

    /// The next batch, or why there is none yet: at most `limit` rows are settled in one call.
    mutating func next(settlingAtMost limit: Int) throws -> Step {
        var entries: [WorkBatch<Prepared.Item>.Entry] = []
        var settled = 0
        while entries.count < prepared.rowsPerBatch, control.isRunning {
            if index == rows.count {
                (rows, newColumns) = try recorder.nextRows()
                index = 0
                if rows.isEmpty { break }
            }
            // The chunk's rows are lent to the job one by one, not copied out of it.
            let chunk = rows
            let settledMany = try chunk.withUnsafeBufferPointer { read in
                while index < read.count, entries.count < prepared.rowsPerBatch, control.isRunning {
                    let row = index
                    index += 1
                    let columns = row == read.count - 1 ? newColumns : nil
                    let wentOut =
                        if let fixed = recorder.fixed(read[row].line) {
                            try take(SourceRow(line: read[row].line, values: fixed), newColumns: columns, into: &entries)
                        } else {
                            try take(read[row], newColumns: columns, into: &entries)
                        }
                    if wentOut { continue }
                    // Settled now, or done by an earlier run: no request.
                    settled += 1
                    if settled >= limit && entries.isEmpty { return true }
                }
                return false
            }
            if settledMany { return .settledMany }
        }
        guard !entries.isEmpty else { return .end }
        batches += 1
        let batch = WorkBatch(number: batches, entries: entries)
        try prepared.willSend(batch)
        return .batch(batch)
    }

    /// Has the job admit `row`: true when it goes into the batch, false when it is settled.
    private mutating func take(_ row: borrowing SourceRow, newColumns: [String]?, into entries: inout [WorkBatch<Prepared.Item>.Entry])
        throws
        -> Bool
    {
        let verdict = try prepared.admit(row, newColumns: newColumns)
        guard try !recorder.read(row) else { return false }
        switch consume verdict {
        case .send(let item):
            entries.append(WorkBatch.Entry(source: copy row, item: item))
            return true
        case .settled(let outcome):
            try recorder.record(outcome, row)
            return false
        }
    }
}
