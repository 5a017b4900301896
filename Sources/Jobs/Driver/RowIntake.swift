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
    /// The input's first row, read before the job was prepared (an NDJSON file's columns).
    var first: SourceRow?
    let recorder: RunRecorder
    let control: RunControl
    private var batches = 0

    init(prepared: Prepared, first: SourceRow?, recorder: RunRecorder, control: RunControl) {
        self.prepared = prepared
        self.first = first
        self.recorder = recorder
        self.control = control
    }

    /// The next batch, or why there is none yet: at most `limit` rows are settled in one call.
    mutating func next(settlingAtMost limit: Int) throws -> Step {
        var entries: [WorkBatch<Prepared.Item>.Entry] = []
        var settled = 0
        while entries.count < prepared.rowsPerBatch, control.isRunning,
            let (read, newColumns) = try first.take().map({ ($0, nil) }) ?? recorder.nextRow()
        {
            let row = recorder.fixed(read)
            let verdict = try prepared.admit(row, newColumns: newColumns)
            if try !recorder.read(row) {
                switch verdict {
                case .send(let item):
                    entries.append(WorkBatch.Entry(source: row, item: item))
                    continue
                case .settled(let line): try recorder.record(line, row)
                }
            }
            // Settled now, or done by an earlier run: no request.
            settled += 1
            if settled >= limit && entries.isEmpty { return .settledMany }
        }
        guard !entries.isEmpty else { return .end }
        batches += 1
        let batch = WorkBatch(number: batches, entries: entries)
        try prepared.willSend(batch)
        return .batch(batch)
    }
}
