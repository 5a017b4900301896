/// What happened to one input row: one line of the report.
public struct ReportLine: Sendable, Equatable {
    /// What was done with the row.
    public var action: RowAction
    public var ok: Bool
    public var line: Int
    /// The row's key (the normalised email for contacts).
    public var key: String
    public var errorCode: String
    public var errorMessage: String
    public var uuid: String
    public var attempts: Int
    /// The requests this row sent, retries included; nil where rows share requests (invites go in batches).
    public var requests: Int?
    public var durationMilliseconds: Int

    public init(
        line: Int, key: String, action: RowAction, ok: Bool, errorCode: String = "", errorMessage: String = "",
        uuid: String = "", attempts: Int = 0, requests: Int? = nil, durationMilliseconds: Int = 0
    ) {
        self.line = line
        self.key = key
        self.action = action
        self.ok = ok
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.uuid = uuid
        self.attempts = attempts
        self.requests = requests
        self.durationMilliseconds = durationMilliseconds
    }
}

/// Writes the per-row report, a CSV file with one line per input data row.
package final class ReportWriter {
    /// The report's columns, in order.
    package static let columns = [
        "line", "key", "action", "status", "error_code", "error_message", "uuid", "attempts", "requests", "duration_ms",
    ]

    private let writer: CSVWriter
    /// The columns after the key of the last row that went with nothing more to say, by its action
    /// (`,valid,ok,,,,0,,0`): a check's rows are almost all such a row, of one action.
    private var quietTail: (action: RowAction, bytes: [UInt8])?

    /// Creates the report at `path` (owner-only) and writes its header; with `append` (a resumed
    /// run), goes on at the end of the existing report instead.
    package init(path: String, append: Bool = false) throws(OutputError) {
        writer = try CSVWriter(sink: FileSink(path: path, append: append), format: CSVFormat(excelSafe: true))
        if !append { try writer.write(Self.columns) }
    }

    /// Writes one report line. Every record is one physical line — a line break in a cell (a
    /// message quoting a cell, a server's text) becomes a space — so that a crash can only cut the
    /// last record, which `--resume` then drops (``ResumeLedger``).
    package func write(_ report: ReportLine) throws(OutputError) {
        // A row with nothing but its key to say (a check's valid row): the rest in one append.
        if report.ok && report.errorMessage.isEmpty && report.uuid.isEmpty && report.attempts == 0 && report.requests == nil
            && report.durationMilliseconds == 0 && report.errorCode.isEmpty
        {
            writer.append(report.line)
            writer.append(Self.oneLine(report.key))
            let tail: [UInt8]
            if let quiet = quietTail, quiet.action == report.action {
                tail = quiet.bytes
            } else {
                tail = Array(",\(report.action.rawValue),ok,,,,0,,0".utf8)
                quietTail = (report.action, tail)
            }
            writer.append(verbatim: tail)
            return try writer.endRecord()
        }
        writer.append(report.line)
        writer.append(Self.oneLine(report.key))
        writer.append(report.action.rawValue)
        writer.append(report.ok ? "ok" : "failed")
        writer.append(Self.oneLine(report.errorCode))
        writer.append(Self.oneLine(report.errorMessage))
        writer.append(Self.oneLine(report.uuid))
        writer.append(report.attempts)
        if let requests = report.requests { writer.append(requests) } else { writer.append("") }
        writer.append(report.durationMilliseconds)
        try writer.endRecord()
    }

    package func flush() throws(OutputError) { try writer.flush() }

    /// Flushes, and puts the report on disk: what settles a journal's rows must outlive a power cut.
    package func sync() throws(OutputError) { try writer.sync() }

    /// `text` with its line breaks as spaces; looked for eight bytes at a time, as almost no text has one.
    private static func oneLine(_ text: String) -> String {
        var text = text
        let hasBreak = text.withUTF8 { bytes in
            ByteScan.contains(bytes, wordMayPass: { ByteScan.hasByte(in: $0, below: 0x0E) }, where: { $0 == 0x0A || $0 == 0x0D })
        }
        guard hasBreak else { return text }
        return String(text.map { $0.isNewline ? " " : $0 })
    }
}
