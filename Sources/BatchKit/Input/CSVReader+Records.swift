import CLibCSV
import Foundation
import TextFormats

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// The libcsv side of ``CSVReader``: its callbacks assemble records field by field, and the
// records become rows.

extension CSVReader {
    /// Turns the rows complete so far into ``SourceRow``s sharing one ``RowBlock``, and keeps the
    /// record in progress for the next chunk.
    func publish() {
        guard !pending.isEmpty else { return }
        let block = RowBlock(bytes: recordBytes.prefix(recordStart), ends: Array(fieldEnds[..<recordFirstField]))
        // Straight into `ready`: an array of rows between would retain and release each row's block again.
        ready.append(
            contentsOf: pending.lazy.map { row in
                SourceRow(line: row.line, block: block, start: row.start, firstCell: row.firstCell, count: row.count, problem: row.problem)
            })
        pending.removeAll(keepingCapacity: true)
        recordBytes.removeFirst(recordStart)
        fieldEnds.removeFirst(recordFirstField)
        let shift = Int32(recordStart)
        for index in fieldEnds.indices { fieldEnds[index] -= shift }
        recordStart = 0
        recordFirstField = 0
    }

    /// Cells of the record in progress so far.
    var fieldsInRecord: Int { fieldEnds.count - recordFirstField }

    /// Forgets the record in progress (a blank line, or the header once read).
    func discardRecord() {
        recordBytes.removeLast(from: recordStart)
        fieldEnds.removeLast(fieldsInRecord)
    }

    func addField(_ bytes: UnsafeRawBufferPointer) {
        if bytes.count > options.maxFieldBytes && fieldProblem == nil {
            fieldProblem = .fieldTooLarge(field: fieldsInRecord + 1, limit: options.maxFieldBytes)
        }
        if !recordHasContent { recordHasContent = !bytes.allSatisfy(ASCIIText.isSpace) }
        let typed = bytes.assumingMemoryBound(to: UInt8.self)
        if fieldsMayBreakLines || checkForNUL, let base = bytes.baseAddress,
            ByteScan.contains(typed, wordMayPass: { ByteScan.hasByte(in: $0, below: 0x0E) }, where: { $0 == 0x0A || $0 == 0x0D || $0 == 0 })
        {
            if memchr(base, 0x0A, bytes.count) != nil || memchr(base, 0x0D, bytes.count) != nil {
                lineBreaksInFields += Self.lineBreaks(in: bytes)
            }
            if checkForNUL && fieldProblem == nil && memchr(base, 0, bytes.count) != nil {
                fieldProblem = .nulByte(field: fieldsInRecord + 1)
            }
        }
        if decodeAsWindows1252 {
            let prefix = min(utf8PrefixOfField, bytes.count)
            utf8PrefixOfField = 0
            recordBytes.append(UnsafeRawBufferPointer(rebasing: bytes[..<prefix]))
            Windows1252.appendUTF8(of: UnsafeRawBufferPointer(rebasing: bytes[prefix...]), to: &recordBytes)
        } else {
            recordBytes.append(bytes)
        }
        fieldEnds.append(Int32(truncatingIfNeeded: recordBytes.count))
    }

    func endRecord(terminator: Int32) {
        let wasCR = previousTerminatorWasCR
        previousTerminatorWasCR = terminator == 0x0D
        let count = fieldsInRecord
        guard count > 0 else {
            // A blank line, or the LF of a CRLF whose CR ended the record before it.
            if terminator >= 0 && !(terminator == 0x0A && wasCR) {
                line += 1
                if hasHeader { blankLinesSkipped += 1 }
            }
            return
        }
        let startLine = line
        line += lineBreaksInFields + (terminator >= 0 ? 1 : 0)
        lineBreaksInFields = 0
        var problem = fieldProblem
        fieldProblem = nil
        let hasContent = recordHasContent
        recordHasContent = false

        if !hasContent && problem == nil {
            if hasHeader { blankLinesSkipped += 1 }
            discardRecord()
            return
        }
        guard hasHeader else {
            // Bytes were validated as UTF-8 (or converted from Windows-1252) on the way in.
            columns = (0..<count).map { index in
                let from = index == 0 ? recordStart : Int(fieldEnds[recordFirstField + index - 1])
                let name = recordBytes.string(from..<Int(fieldEnds[recordFirstField + index]))
                return name.trimmingCharacters(in: .whitespaces)
            }
            if let problem {
                headerError =
                    problem.code == "malformed-quote"
                    ? InputError(
                        path: input.path, line: startLine,
                        message:
                            "column \(count) of the header ('\(columns[count - 1])…') has text after its closing quote; quote the whole name and double the quotes inside it, or remove the quotes",
                        phrasing: .input(.headerQuote, ["column": "\(count)", "name": "\(columns[count - 1])"]))
                    : InputError(
                        path: input.path, line: startLine,
                        message: "the header row is unreadable (\(problem.message)); is the file UTF-16? Save it as \"CSV UTF-8\"",
                        phrasing: .input(.headerUnreadable, ["why": problem.phrasing]))
                atEnd = true
            }
            hasHeader = true
            discardRecord()
            return
        }
        if problem == nil && count != columns.count {
            problem = .fieldCount(count, expected: columns.count)
        }
        pending.append(
            PendingRow(line: startLine, problem: problem, start: Int32(recordStart), firstCell: Int32(recordFirstField), count: count))
        recordStart = recordBytes.count
        recordFirstField = fieldEnds.count
    }

    /// Keeps memory bounded when a field grows past the limit (say, a quote left open): the field's
    /// bytes so far are dropped but the last one or two, which libcsv may still strip (a closing
    /// quote, one trailing space: libcsv's count of trailing spaces is cut to match). The line
    /// breaks dropped are counted, so that the rows after it keep their line numbers.
    func limitFieldInProgress() {
        let pending = state.fieldLength
        guard pending > options.maxFieldBytes, let buffer = state.fieldBuffer else { return }
        let spaces = min(state.spaces, 1)
        let keep = max(1, spaces + (state.mayHaveClosedQuote ? 1 : 0))
        let dropped = UnsafeRawBufferPointer(start: buffer, count: pending - keep)
        var breaks = Self.lineBreaks(in: dropped)
        if dropped.last == 0x0D && buffer[pending - keep] == 0x0A { breaks -= 1 }  // a CRLF cut in two counts once
        lineBreaksInFields += breaks
        for index in 0..<keep { buffer[index] = buffer[pending - keep + index] }
        state.fieldLength = keep
        state.spaces = spaces
        utf8PrefixOfField = 0
        if fieldProblem == nil { fieldProblem = .fieldTooLarge(field: fieldsInRecord + 1, limit: options.maxFieldBytes) }
    }

    /// Line breaks inside a quoted field: CRLF, lone LF and lone CR count one each.
    static func lineBreaks(in bytes: UnsafeRawBufferPointer) -> Int {
        var count = 0
        var previous: UInt8 = 0
        for byte in bytes {
            if byte == 0x0A && previous != 0x0D { count += 1 }
            if byte == 0x0D { count += 1 }
            previous = byte
        }
        return count
    }
}

/// A row read whose cells are still in the reader's buffer.
struct PendingRow {
    var line: Int
    var problem: RowProblem?
    var start: Int32
    var firstCell: Int32
    var count: Int
}

// The reader outlives every `csv_parse` call it makes, so the callbacks borrow it without
// retaining it (a retain and release per field were a quarter of the reading time).
func csvFieldCallback(_ bytes: UnsafeMutableRawPointer?, _ count: Int, _ context: UnsafeMutableRawPointer?) {
    Unmanaged<CSVReader>.fromOpaque(context!)._withUnsafeGuaranteedRef {
        $0.addField(UnsafeRawBufferPointer(start: bytes, count: bytes == nil ? 0 : count))
    }
}

func csvRowCallback(_ terminator: Int32, _ context: UnsafeMutableRawPointer?) {
    Unmanaged<CSVReader>.fromOpaque(context!)._withUnsafeGuaranteedRef { $0.endRecord(terminator: terminator) }
}
