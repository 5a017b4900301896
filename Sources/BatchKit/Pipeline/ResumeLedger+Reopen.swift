import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension ResumeLedger {
    /// Takes the rows `lines` that the report at `path` has as failed out of it, so that a resumed
    /// run does them again: rows fixed after their run, to send again. A row the report has as
    /// done stays, so no row is done twice; nor is a failed row that is not in `lines`. The report
    /// is replaced whole (written beside it, synced, renamed over it), so a crash leaves the old
    /// report or the new one. Returns the rows taken out.
    @discardableResult
    package static func reopen(failed lines: Set<Int>, reportPath path: String) throws -> Set<Int> {
        guard try cutPartialRecord(path: path) > 0 else { return [] }
        // Every record of a report is one physical line (``ReportWriter``): a record's line in
        // the file is the line to leave out.
        let reader = try CSVReader(path: path, options: reportOptions)
        var leftOut: Set<Int> = []
        var reopened: Set<Int> = []
        while let row = try reader.next() {
            guard row.problem == nil, let line = Int(row.cell(0)), lines.contains(line), row.cell(3) == "failed" else { continue }
            leftOut.insert(row.line)
            reopened.insert(line)
        }
        guard !reopened.isEmpty else { return [] }
        let text = try Data(contentsOf: URL(fileURLWithPath: path))
        var kept = Data(capacity: text.count)
        for (index, record) in text.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().enumerated()
        where !leftOut.contains(index + 1) {
            kept.append(record)
            kept.append(0x0A)
        }
        let partial = path + ".reopening"
        let sink = try FileSink(path: partial)
        try sink.write(kept)
        try sink.sync()
        guard rename(partial, path) == 0 else {
            throw InputError(path: path, message: "cannot replace: \(String(cString: strerror(errno)))")
        }
        return reopened
    }
}
