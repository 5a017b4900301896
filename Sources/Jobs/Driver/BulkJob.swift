import BatchKit

/// A bulk job: what `import contacts`, `import balances` and `invite referrals` each say, and
/// nothing more. How to map the file's columns and check what can be checked before anything is
/// sent (``prepare(_:)``, which gives the ``PreparedJob`` that validates rows and sends them). The
/// ``JobRun`` driver does the rest: reading, the window, the rate limit, retries, the report and
/// failed rows, progress, stop and drain, resume and the final flush.
package protocol BulkJob: Sendable {
    associatedtype Prepared: PreparedJob

    /// `import contacts`: the summary's and the report's name for the job.
    var command: String { get }
    /// How the driver reads the input.
    var read: ReadOptions { get }
    /// How the run goes: window, rate, retries, outputs, resume, dry run.
    var settings: RunSettings { get }
    /// Whether the input is parsed on a thread of its own, ahead of the rows' checks (a job that
    /// sends nothing is bound by them; the others by their requests).
    var readsAhead: Bool { get }

    /// Before the first row: maps the input's columns and checks what can be checked before
    /// anything is sent (the account's attributes, a listing of its contacts). Throws a
    /// `MappingError` for columns it cannot map (exit 2, nothing sent); when the API cannot be
    /// used, it stops the run through `setup.control` and still returns the prepared job.
    func prepare(_ setup: JobSetup) async throws -> Prepared
}

extension BulkJob {
    package var readsAhead: Bool { false }
}

/// A job whose columns are mapped and whose account is checked: it validates the rows and sends
/// the valid ones. A value the driver holds and calls from one task; only its sender runs in the
/// window's child tasks.
package protocol PreparedJob {
    /// A validated row on its way to the API.
    associatedtype Item: Sendable
    associatedtype Sender: BulkSender where Sender.Item == Item

    var sender: Sender { get }
    /// Rows sent in one request at most: 1, or a batch.
    var rowsPerBatch: Int { get }

    /// Validates a row read from the input (every row, also those an earlier run finished, so that
    /// duplicates are known); `newColumns` are the input's columns when this row added some (NDJSON).
    mutating func admit(_ row: SourceRow, newColumns: [String]?) throws -> RowVerdict<Item>

    /// Batches with equal keys are never in flight together, and finish in input order.
    func key(_ batch: WorkBatch<Item>) -> String

    /// Called when a batch is formed, before any of it is sent: the sent journal.
    func willSend(_ batch: WorkBatch<Item>) throws

    /// Completes the summary once the outputs are closed: notes, warnings, requests.
    func complete(_ summary: inout RunSummary)

    /// Called once the run's summary is final and its report durably written: a job with a sent
    /// journal removes it here when the run was not stopped.
    func finished(_ summary: RunSummary)
}

extension PreparedJob {
    package var rowsPerBatch: Int { 1 }
    package func willSend(_ batch: WorkBatch<Item>) throws {}
    package func finished(_ summary: RunSummary) {}
}

/// What a job makes of a row it has read.
package enum RowVerdict<Item: Sendable> {
    /// It goes to the API.
    case send(Item)
    /// It is settled without a request (invalid, a duplicate skipped): its outcome.
    case settled(RowOutcome)
}

/// Rows that go out together: one row, or a batch of up to ``PreparedJob/rowsPerBatch``, in input order.
package struct WorkBatch<Item: Sendable>: Sendable {
    package struct Entry: Sendable {
        package var source: SourceRow
        package var item: Item
    }

    /// 1, 2, … in the order batches were formed.
    package var number: Int
    package var entries: [Entry]
}

/// Sends a job's batches; called from the window's child tasks.
package protocol BulkSender: Sendable {
    associatedtype Item: Sendable

    /// An outcome per entry, in order; nil where the run stopped before that row's outcome was
    /// certain (the row is not recorded, and `--resume` does it again).
    func perform(_ batch: WorkBatch<Item>) async -> [RowOutcome?]

    /// HTTP requests sent for rows so far, retries included.
    var requests: Int { get }
}

/// What a job is given before the first row.
package struct JobSetup {
    /// The input's path (`-`: standard input).
    package let input: String
    /// The input, its first row read (an NDJSON file's columns are its first row's keys).
    package let reader: any RowReader
    /// The input's rows, estimated from its size where it does not say.
    package let estimatedRows: Int?
    /// The run's one rate limiter and retry rules: every request of the run goes through it.
    package let runner: RequestRunner
    package let limiter: RateLimiter
    package let control: RunControl
    /// Shows a step before the rows (listing the contacts) with its pages done.
    package let show: (_ phase: JobProgress.Phase, _ page: Int, _ lastPage: Int?) -> Void
}
