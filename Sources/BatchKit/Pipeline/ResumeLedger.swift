import TextFormats

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What an earlier run of the same job finished, read back from its report: `--resume` skips
/// those rows and does the rest.
///
/// The report is the ledger. A row's line is written (and handed to the kernel) only once its
/// outcome is final, and before any later row with the same key starts, so after a crash,
/// `kill -9` or Ctrl-C every line in the report is a finished row and every row without a line
/// can safely be done (again). A record cut short by a crash is removed before the run appends.
public struct ResumeLedger: Sendable {
    /// Finished lines.
    private var finished = LineSet()
    /// The failed rows' errors, to write them to the new failed-rows file again.
    public private(set) var failures: [Int: RowProblem] = [:]
    /// How many rows the report holds.
    public var count: Int { finished.count }
    /// Whether there was a report (with its header) to go on from.
    public private(set) var reportExists = false

    public init() {}

    /// Reads the report at `path`. A missing report gives an empty ledger; a file that is not a
    /// report of this tool is an error.
    public static func load(reportPath path: String) throws(InputError) -> ResumeLedger {
        var ledger = ResumeLedger()
        guard access(path, F_OK) == 0 else { return ledger }
        guard try cutPartialRecord(path: path) > 0 else { return ledger }
        let reader = try CSVReader(path: path, options: reportOptions)
        guard reader.columns == ReportWriter.columns else {
            throw InputError(
                path: path,
                message:
                    "is not a loyalty-batch report (its columns are \(reader.columns.joined(separator: ","))); pass the report of the run to resume with \(Setting.report.mention())"
            )
        }
        ledger.reportExists = true
        while let row = try reader.next() {
            guard row.problem == nil, let line = Int(row.cell(0)) else { continue }
            // A dry run's line did nothing: the row is still to do.
            if RowAction(rawValue: String(row.cell(2)))?.isPreview == true { continue }
            ledger.finished.insert(line)
            if row.cell(3) == "failed" {
                ledger.failures[line] = RowProblem(code: String(row.cell(4)), message: String(CSVWriter.unneutralised(row.cell(5))))
            }
        }
        return ledger
    }

    /// How a report is read: a UTF-8 CSV with commas.
    static var reportOptions: ReadOptions {
        var options = ReadOptions()
        options.delimiter = UInt8(ascii: ",")
        options.format = .csv
        options.encoding = .utf8
        return options
    }

    /// Whether the report already holds `line`'s outcome.
    public func isFinished(_ line: Int) -> Bool {
        finished.contains(line)
    }

    /// Truncates the file after its last line break, dropping a record a crash cut short; returns
    /// the size kept.
    @discardableResult
    static func cutPartialRecord(path: String) throws(InputError) -> Int {
        let descriptor = open(path, O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { throw InputError(path: path, message: "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var end = Int(lseek(descriptor, 0, SEEK_END))
        var block = [UInt8](repeating: 0, count: 1 << 16)
        while end > 0 {
            let start = max(0, end - block.count)
            let count = block.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, end - start, off_t(start)) }
            guard count == end - start else { throw InputError(path: path, message: "cannot read: \(String(cString: strerror(errno)))") }
            if let newline = block[..<count].lastIndex(of: 0x0A) {
                let keep = start + newline + 1
                if keep < Int(lseek(descriptor, 0, SEEK_END)) { _ = ftruncate(descriptor, off_t(keep)) }
                return keep
            }
            end = start
        }
        _ = ftruncate(descriptor, 0)
        return 0
    }
}
