import BatchKit
import LeatAPI

/// What `loyalty-batch import contacts` is told.
public struct ImportOptions: Sendable {
    public var read = ReadOptions()
    public var mapping = MappingOptions()
    public var mode: ImportMode = .upsert
    /// How long a row's `PUT` is tried again while Leat answers 55031 for a contact its async
    /// endpoint just gave (`--async-wait`): Leat may queue the creation.
    public var asyncWait: Duration = .seconds(10)
    /// Mapped columns with no such Leat attribute are created as text attributes (`--create-attributes`)
    /// rather than stopping the import.
    public var createAttributes = false
    /// How dates that do not start with the year are read (`--date-order`).
    public var dateOrder: DateOrder = .dmy
    /// Whether to list the account's contacts first and send only what changed (`--changed-only`).
    public var changedOnly: ChangedOnly = .auto
    public var run = RunSettings()

    public init() {}
}

/// `import contacts`: reads, maps and validates the file, and writes each valid row to Leat in the
/// ``RowEngine``'s sliding window, recording every row's outcome in the report as it finishes.
public enum ImportContactsJob {
    /// A row on its way to Leat.
    struct Item: Sendable {
        var source: SourceRow
        var contact: ContactRow
        /// Said on the report line when the row went well (e.g. a duplicate applied after its first line).
        var note: String
    }

    /// Runs the import. Throws ``InputError`` or ``MappingError`` for a file that cannot be read
    /// (exit 2); a job-fatal stop is not thrown but said in the summary's `stopped` (exit 3).
    public static func run(input: String, options: ImportOptions, client: LeatClient,
                           control: RunControl = RunControl()) async throws -> RunSummary {
        let reader = try openRowReader(path: input, options: options.read)
        // NDJSON has no header: its first row's keys stand for one, checked before anything is sent.
        // The file's size over the first row's gives its estimated rows, where it does not say.
        var first = try reader.next()
        let estimatedRows = reader.estimatedRows ?? reader.totalBytes.map { total in
            let bytes = (first?.values.reduce(0) { $0 + $1.utf8.count + 1 } ?? 1) * (reader.columnsKnownUpFront ? 1 : 2)
            return max(1, total / max(8, bytes))
        }
        let mapping = try ColumnMapping(columns: reader.columns, options: options.mapping, requireEmail: reader.columnsKnownUpFront)
        let limiter = RateLimiter(mode: options.run.rate)
        // Before any row: the account's attributes, which are also the connection check.
        var schema: ContactSchema?
        var notes: [String] = []
        var problem: String?
        /// Requests sent before the rows: the attribute list, and the attributes it creates.
        var checkRequests = 0
        switch await accountAttributes(client: client, limiter: limiter, policy: options.run.retry, sent: &checkRequests) {
        case .success(let attributes):
            var checked = ContactSchema(attributes: attributes, dateOrder: options.dateOrder)
            (notes, problem) = try await AttributeCheck(options: options, client: client, limiter: limiter)
                .settle(&checked, checked.admit(mapping), sent: &checkRequests)
            schema = checked
        case .failure(let failure):
            problem = failure.message
        }
        var validator = ContactValidator(mapping: mapping, rule: options.mapping.duplicates, blank: options.mapping.blank)
        let recorder = try RunRecorder(command: "import contacts", input: input, reader: reader, settings: options.run)
        let runner = RequestRunner(limiter: limiter, policy: options.run.retry, control: control)
        var listing: ContactListing.Decision?
        if let problem {
            control.abort(reason: problem)
        } else if options.changedOnly != .off, options.mode == .upsert, let schema {
            do {
                listing = try await ContactListing(client: client, runner: runner, control: control, concurrency: options.run.concurrency)
                    .decide(options.changedOnly, estimatedRows: estimatedRows, requestsPerRow: options.run.dryRun ? 1 : 2,
                            attributes: schema.mappedAttributes) { recorder.show(phase: "listing contacts", page: $0, of: $1) }
                notes.append(listing!.note)
            } catch let failure as PageFailure {
                control.abort(reason: "listing the contacts (--changed-only) failed at page \(failure.page): \(failure.message); --changed-only off goes row by row")
            }
            recorder.show(phase: nil)
        }
        let importer = ContactImporter(client: client, runner: runner, mode: options.mode, asyncWait: options.asyncWait,
                                       dryRun: options.run.dryRun, index: listing?.index)

        func next() throws -> Item? {
            while let (row, newColumns) = try first.take().map({ ($0, nil) }) ?? recorder.nextRow() {
                if let newColumns {
                    try validator.update(columns: newColumns)
                    _ = schema?.admit(validator.mapping)
                }
                var verdict = validator.validate(row)
                if try recorder.read(row) { continue }
                if case .apply(var contact, let first) = verdict, let schema {
                    let problem = schema.prepare(&contact)
                    verdict = problem.map { .reject(key: contact.email, $0) } ?? .apply(contact, duplicateOf: first)
                }
                switch verdict {
                case .apply(let contact, let first):
                    let note = first.map { "the same email as line \($0); applied after it (--on-duplicate \(options.mapping.duplicates.rawValue))" }
                    return Item(source: row, contact: contact, note: note ?? "")
                case .skip(let contact, let first):
                    try recorder.record(ReportLine(line: row.line, key: contact.email, action: "skipped", ok: true,
                                                   errorMessage: "the same email as line \(first); skipped (--on-duplicate first)", requests: 0), row)
                case .reject(let key, let problem):
                    try recorder.record(ReportLine(line: row.line, key: key, action: options.run.dryRun ? "would-fail" : "failed", ok: false,
                                                   errorCode: problem.code, errorMessage: problem.message, requests: 0), row)
                }
            }
            return nil
        }

        var failure: (any Error)?
        do {
            try await RowEngine(concurrency: options.run.concurrency).run(
                control: control,
                retryWaits: runner.retryWaits,
                next: next,
                key: { $0.contact.email },
                perform: { item in await importer.perform(item.contact) },
                finish: { item, outcome in
                    guard var line = outcome else { return }
                    if line.ok && line.errorMessage.isEmpty { line.errorMessage = item.note }
                    try recorder.record(line, item.source)
                },
                checkpoint: recorder.checkpoint)
        } catch {
            // A write that failed, or the input unreadable from some line on (an unclosed quote at
            // the end, a new NDJSON key that maps to a second email): the rows before it are done.
            failure = error
        }
        var summary = recorder.finish(control: control, failure: failure)
        // Nothing sent: a plain input error (exit 2), with the report of the rows checked before it.
        if let failure, !(failure is OutputError), importer.requests.load(ordering: .relaxed) == 0 { throw failure }
        summary.notes = notes
        if let workbook = reader as? ExcelReader, let warning = schema?.leadingZeroWarning(numericColumns: workbook.numericColumns) {
            summary.warnings.append(warning)
        }
        summary.requests = checkRequests + (listing?.requests ?? 0) + importer.requests.load(ordering: .relaxed)
        return summary
    }

    /// The account's contact attributes, asked before the first row. It is also the connection
    /// check: one cheap authenticated request, so that a wrong token or URL stops the run at once,
    /// saying so, never after thousands of rows failed one by one. `sent` counts its requests.
    static func accountAttributes(client: LeatClient, limiter: RateLimiter, policy: RetryPolicy,
                                  sent: inout Int) async -> Result<[ContactAttribute], ConnectionProblem> {
        // A runner of its own, so that its failure is said here rather than as the run's reason.
        let runner = RequestRunner(limiter: limiter, policy: policy, control: RunControl())
        var attempts = Attempts()
        defer { sent += attempts.requests }
        do throws(RequestStop<LeatError>) {
            return .success(try await runner.send(&attempts) { () async throws(LeatError) in try await client.contactAttributes().parts })
        } catch {
            switch error {
            case .failed(let failure), .fatal(let failure):
                return .failure(ConnectionProblem(message: "the connection check failed: Leat at \(client.configuration.baseURL) (LEAT_API_URL) answered GET contact-attributes with \(failure); check LEAT_API_URL and the token (LEAT_API_TOKEN or --token-file). No row was sent"))
            case .abandoned:
                return .failure(ConnectionProblem(message: "stopped before the first row"))
            }
        }
    }
}

/// Why the import could not begin: Leat did not answer its first request.
struct ConnectionProblem: Error {
    var message: String
}
