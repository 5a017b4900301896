import Foundation
import TextFormats

/// What a bulk run did: printed at the end, and written as JSON with `--summary-json PATH`.
public struct RunSummary: Sendable, Codable {
    /// `import contacts`, `invite referrals`.
    public var command: String
    public var input: String
    public var dryRun = false
    /// Data rows read in this run.
    public var rows = 0
    /// Rows whose outcome an earlier run had already written (`--resume`); not done again.
    public var alreadyDone = 0
    /// Of those, how many had failed (they are in the failed-rows file again).
    public var alreadyFailed = 0
    /// Rows finished in this run.
    public var ok = 0
    public var failed = 0
    /// Finished rows per action (`created`, `updated`, …, `failed`).
    public var actions: [String: Int] = [:]
    /// Failed rows per error code.
    public var errors: [String: Int] = [:]
    /// Requests retried after a transient failure.
    public var retries = 0
    /// HTTP requests sent, when the job counts them (batched invites: fewer than rows).
    public var requests: Int?
    public var seconds = 0.0
    public var rowsPerSecond: Double { seconds > 0 ? Double(ok + failed) / seconds : 0 }
    /// Why the job stopped before the end (exit 3; `--resume` goes on, and an export left its
    /// output unwritten), nil when it did not.
    public var stopped: String?
    /// That reason's phrase, for a front end in another language.
    public var stoppedPhrasing: Phrasing?
    public var warnings: [String] = []
    /// What the run did besides the rows (the contact attributes it created).
    public var notes: [String] = []
    public var report = ""
    /// The failed-rows file, nil when no row failed.
    public var failedRows: String?
    /// Blank lines of the input, skipped (they are no rows).
    public var blankLinesSkipped = 0
    /// A points import's reconciliation as figures (its words are the last note).
    public var books: PointsBooks?
    /// An export's pages, file and totals; nil for the runs over an input's rows.
    public var export: ExportFigures?

    public init(command: String, input: String) {
        self.command = command
        self.input = input
    }

    /// 3 when stopped (resumable), 1 when some rows failed (now or in the resumed run), else 0.
    public var exitCode: Int32 {
        if stopped != nil { return 3 }
        return failed + alreadyFailed > 0 ? 1 : 0
    }

    /// Counts `count` more finished rows whose action was `action`.
    public mutating func add(_ action: RowAction, count: Int) {
        actions[action.rawValue, default: 0] += count
    }

    /// Finished rows whose action was `action`.
    public func count(_ action: RowAction) -> Int { actions[action.rawValue] ?? 0 }

    /// Counts one finished row: ok or failed, its error code, its retries. Its action is counted
    /// by ``add(_:count:)``, once for each run of rows with the same action.
    public mutating func record(_ line: ReportLine) {
        retries += max(0, line.attempts - 1)
        if line.ok {
            ok += 1
        } else {
            failed += 1
            errors[line.errorCode, default: 0] += 1
        }
    }

    private enum CodingKeys: String, CodingKey {
        case command, input, dryRun, rows, alreadyDone, alreadyFailed, ok, failed, actions, errors, retries, requests, requestsPerRow,
            seconds,
            rowsPerSecond, stopped, warnings, notes, report, failedRows, exitCode, blankLinesSkipped, books, stoppedPhrasing, export
    }

    /// Reads a summary back as ``write(toJSON:)`` wrote it (derived keys such as `exit_code` are not read).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        command = try container.decode(String.self, forKey: .command)
        input = try container.decode(String.self, forKey: .input)
        dryRun = try container.decode(Bool.self, forKey: .dryRun)
        rows = try container.decode(Int.self, forKey: .rows)
        alreadyDone = try container.decode(Int.self, forKey: .alreadyDone)
        alreadyFailed = try container.decode(Int.self, forKey: .alreadyFailed)
        ok = try container.decode(Int.self, forKey: .ok)
        failed = try container.decode(Int.self, forKey: .failed)
        actions = try container.decode([String: Int].self, forKey: .actions)
        errors = try container.decode([String: Int].self, forKey: .errors)
        retries = try container.decode(Int.self, forKey: .retries)
        requests = try container.decodeIfPresent(Int.self, forKey: .requests)
        seconds = try container.decode(Double.self, forKey: .seconds)
        stopped = try container.decodeIfPresent(String.self, forKey: .stopped)
        stoppedPhrasing = try container.decodeIfPresent(Phrasing.self, forKey: .stoppedPhrasing)
        warnings = try container.decode([String].self, forKey: .warnings)
        notes = try container.decode([String].self, forKey: .notes)
        report = try container.decode(String.self, forKey: .report)
        failedRows = try container.decodeIfPresent(String.self, forKey: .failedRows)
        blankLinesSkipped = try container.decodeIfPresent(Int.self, forKey: .blankLinesSkipped) ?? 0
        books = try container.decodeIfPresent(PointsBooks.self, forKey: .books)
        export = try container.decodeIfPresent(ExportFigures.self, forKey: .export)
    }

    /// Reads the summary ``write(toJSON:)`` wrote at `path`; nil when there is none or it is not one.
    public static func read(fromJSON path: String) -> RunSummary? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try? decoder.decode(RunSummary.self, from: data)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(command, forKey: .command)
        try container.encode(input, forKey: .input)
        try container.encode(dryRun, forKey: .dryRun)
        try container.encode(rows, forKey: .rows)
        try container.encode(alreadyDone, forKey: .alreadyDone)
        try container.encode(alreadyFailed, forKey: .alreadyFailed)
        try container.encode(ok, forKey: .ok)
        try container.encode(failed, forKey: .failed)
        try container.encode(actions, forKey: .actions)
        try container.encode(errors, forKey: .errors)
        try container.encode(retries, forKey: .retries)
        try container.encodeIfPresent(requests, forKey: .requests)
        if let requests, ok + failed > 0 {
            try container.encode((Double(requests) / Double(ok + failed) * 10_000).rounded() / 10_000, forKey: .requestsPerRow)
        }
        try container.encode((seconds * 1000).rounded() / 1000, forKey: .seconds)
        try container.encode(rowsPerSecond.rounded(), forKey: .rowsPerSecond)
        try container.encode(stopped, forKey: .stopped)
        try container.encode(warnings, forKey: .warnings)
        try container.encode(notes, forKey: .notes)
        try container.encode(report, forKey: .report)
        try container.encode(failedRows, forKey: .failedRows)
        try container.encode(exitCode, forKey: .exitCode)
        try container.encode(blankLinesSkipped, forKey: .blankLinesSkipped)
        try container.encodeIfPresent(books, forKey: .books)
        try container.encodeIfPresent(stoppedPhrasing, forKey: .stoppedPhrasing)
        try container.encodeIfPresent(export, forKey: .export)
    }

    /// Writes the summary as JSON (snake_case keys) to `path`, owner-only.
    public func write(toJSON path: String) throws(OutputError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        guard let data = try? encoder.encode(self) else { throw OutputError(path: path, message: "cannot encode the summary") }
        let sink = try FileSink(path: path)
        try sink.write(data)
        try sink.write([0x0A])
        try sink.flush()
    }
}
