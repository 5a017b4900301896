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
        writer.append(report.line)
        appendOneLine(report.key)
        writer.append(report.action.rawValue)
        writer.append(report.ok ? "ok" : "failed")
        appendOneLine(report.errorCode)
        appendOneLine(report.errorMessage)
        appendOneLine(report.uuid)
        writer.append(report.attempts)
        if let requests = report.requests { writer.append(requests) } else { writer.append("") }
        writer.append(report.durationMilliseconds)
        try writer.endRecord()
    }

    /// Writes the line of a row with nothing but its key to say (a check's valid row), as
    /// ``write(_:)`` would: the columns after the key, constant but for the action, as they are.
    package func writeQuiet(line: Int, key: String, action: RowAction) throws(OutputError) {
        writer.append(line)
        appendOneLine(key)
        writer.append(action.rawValue)
        writer.append(verbatim: ",ok,,,,0,,0")
        try writer.endRecord()
    }

    package func flush() throws(OutputError) { try writer.flush() }

    /// Flushes, and puts the report on disk: what settles a journal's rows must outlive a power cut.
    package func sync() throws(OutputError) { try writer.sync() }

    /// Appends `text` with its line breaks as spaces; looked for eight bytes at a time, as almost no
    /// text has one.
    private func appendOneLine(_ text: String) {
        let hasBreak =
            text.utf8.withContiguousStorageIfAvailable { bytes in
                ByteScan.contains(bytes, wordMayPass: { ByteScan.hasByte(in: $0, below: 0x0E) }, where: { $0 == 0x0A || $0 == 0x0D })
            } ?? text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D })
        if hasBreak {
            writer.append(String(text.map { $0.isNewline ? " " : $0 }))
        } else {
            writer.append(text)
        }
    }
}
