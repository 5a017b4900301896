import TextFormats

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The lines of requests that may have been applied: each line number is written here (and
/// handed to the kernel) *before* its request leaves, so that after a crash `--resume` knows which
/// rows' outcome is unknown and checks them with the API before sending them again. For calls
/// that must not be repeated (referral invites); the report stays the ledger of finished rows.
///
/// The file is `<report>.sent`, one line number per line, owner-only. It is removed when a run
/// ends with every row settled.
package final class SentJournal {
    package let path: String
    private let sink: FileSink

    /// The journal beside the report at `reportPath`.
    package static func path(forReport reportPath: String) -> String {
        reportPath + ".sent"
    }

    /// Opens (with `append`, goes on with) the journal at `path`.
    package init(path: String, append: Bool) throws(OutputError) {
        self.path = path
        sink = try FileSink(path: path, append: append)
    }

    /// Records `lines` as about to be sent, and hands them to the kernel before returning.
    package func record(_ lines: some Sequence<Int>) throws(OutputError) {
        for line in lines {
            sink.buffer.append(contentsOf: String(line).utf8)
            sink.buffer.append(0x0A)
        }
        try sink.flush()
    }

    /// Deletes the journal: nothing is left whose outcome is unknown.
    package func remove() {
        unlink(path)
    }

    /// The lines an earlier run recorded; none when there is no journal. A line cut short by a
    /// crash is left out (its request had not left: it was recorded first).
    package static func load(path: String) throws(InputError) -> LineSet {
        var lines = LineSet()
        guard access(path, F_OK) == 0 else { return lines }
        let kept = try ResumeLedger.cutPartialRecord(path: path)
        guard kept > 0 else { return lines }
        let input = try ByteInput(path: path)
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
        defer { chunk.deallocate() }
        var number = 0
        while true {
            let count = try input.readChunk(into: chunk)
            guard count > 0 else { break }
            for byte in chunk[..<count] {
                if byte == 0x0A {
                    lines.insert(number)
                    number = 0
                } else if byte >= 0x30 && byte <= 0x39 {
                    number = number * 10 + Int(byte - 0x30)
                } else {
                    throw InputError(
                        path: path,
                        message:
                            "is not a loyalty-batch sent journal (it holds byte \(byte)); pass the report of the run to resume with \(Setting.report.mention())"
                    )
                }
            }
        }
        return lines
    }
}
