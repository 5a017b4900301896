import BatchKit
import LeatAPI
import TextFormats

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

/// `import contacts`, a ``BulkJob``: maps the file's columns onto the account's contact attributes
/// (checked, or created, before the first row), lists the account's contacts first when that costs
/// fewer requests (`--changed-only`), validates each row, and writes it to Leat.
public struct ImportContactsJob: BulkJob {
    public let command = "import contacts"
    public var read: ReadOptions { options.read }
    public var settings: RunSettings { options.run }
    private let options: ImportOptions
    private let client: LeatClient

    public init(options: ImportOptions, client: LeatClient) {
        self.options = options
        self.client = client
    }

    /// Runs the import over `input` (see ``JobRun/run()``).
    public static func run(
        input: String, options: ImportOptions, client: LeatClient,
        control: RunControl = RunControl()
    ) async throws -> RunSummary {
        try await JobRun(ImportContactsJob(options: options, client: client), input: input, control: control).run()
    }

    package func prepare(_ setup: JobSetup) async throws -> PreparedContacts {
        let mapping = try ColumnMapping(
            columns: setup.reader.columns, options: options.mapping, requireEmail: setup.reader.columnsKnownUpFront)
        // Before any row: the account's attributes, which are also the connection check.
        var (problem, notes, checkRequests, schema): (ConnectionProblem?, [String], Int, ContactSchema?) = (nil, [], 0, nil)
        switch await Self.accountAttributes(client: client, limiter: setup.limiter, policy: options.run.retry, sent: &checkRequests) {
        case .success(let attributes):
            var checked = ContactSchema(attributes: attributes, dateOrder: options.dateOrder)
            let stop: String?
            (notes, stop) = try await AttributeCheck(options: options, client: client, limiter: setup.limiter)
                .settle(&checked, checked.admit(mapping), sent: &checkRequests)
            problem = stop.map { ConnectionProblem(message: $0) }
            schema = checked
        case .failure(let failure):
            problem = failure
        }
        var listing: ContactListing.Decision?
        if let problem {
            setup.control.abort(reason: problem.message, phrasing: problem.phrasing)
        } else if options.changedOnly != .off, options.mode == .upsert, let schema {
            do {
                let decision = try await ContactListing(
                    client: client, runner: setup.runner, control: setup.control, concurrency: options.run.concurrency
                )
                .decide(
                    options.changedOnly, estimatedRows: setup.estimatedRows, requestsPerRow: options.run.dryRun ? 1 : 2,
                    attributes: schema.mappedAttributes, startedAt: options.run.now()
                ) { setup.show(.listingContacts, $0, $1) }
                notes.append(decision.note)
                checkRequests += decision.requests
                listing = decision
            } catch let failure as PageFailure {
                setup.control.abort(
                    reason:
                        "listing the contacts (\(Setting.changedOnly.mention())) failed at page \(failure.page): \(failure.message); \(Setting.changedOnly.mention("off")) goes row by row"
                )
            }
        }
        let importer = ContactImporter(
            client: client, runner: setup.runner, mode: options.mode, asyncWait: options.asyncWait,
            dryRun: options.run.dryRun, index: listing?.index)
        return PreparedContacts(
            options: options, validator: ContactValidator(mapping: mapping, rule: options.mapping.duplicates, blank: options.mapping.blank),
            schema: schema, reader: setup.reader, notes: notes, checkRequests: checkRequests, sender: importer)
    }

    /// The account's contact attributes, asked before the first row. It is also the connection
    /// check: one cheap authenticated request, so that a wrong token or URL stops the run at once,
    /// saying so, never after thousands of rows failed one by one. `sent` counts its requests.
    static func accountAttributes(
        client: LeatClient, limiter: RateLimiter, policy: RetryPolicy,
        sent: inout Int
    ) async -> Result<[ContactAttribute], ConnectionProblem> {
        // A runner of its own, so that its failure is said here rather than as the run's reason.
        let runner = RequestRunner(limiter: limiter, policy: policy, control: RunControl())
        var attempts = Attempts()
        defer { sent += attempts.requests }
        do throws(RequestStop<LeatError>) {
            return .success(try await runner.send(&attempts) { () async throws(LeatError) in try await client.contactAttributes().parts })
        } catch {
            switch error {
            case .failed(let failure), .fatal(let failure):
                // A failure without an answer says what to check itself (the URL, the network).
                let check =
                    failure.kind.isUnanswered ? "" : "; check LEAT_API_URL and the token (LEAT_API_TOKEN or \(Setting.tokenFile.mention()))"
                return .failure(
                    ConnectionProblem(
                        message: "the connection check failed: Leat at \(client.configuration.baseURL) (LEAT_API_URL) "
                            + "\(failure.outcome(of: "GET contact-attributes"))\(check). No row was sent",
                        phrasing: ConnectionProblem.phrasing(failure, url: client.configuration.baseURL)))
            case .abandoned:
                return .failure(ConnectionProblem(message: "stopped before the first row", phrasing: .stop(.beforeFirstRow)))
            }
        }
    }
}

/// Why the import could not begin: Leat did not answer its first request.
struct ConnectionProblem: Error {
    var message: String
    var phrasing: Phrasing?

    /// Leat at `url` met the first request as `failure` says.
    static func phrasing(_ failure: LeatError, url: some CustomStringConvertible) -> Phrasing {
        .stop(.connectionCheck, ["service": "Leat", "url": "\(url)", "outcome": .phrase(failure.phrasing)])
    }
}
