import CLibCSV
import Foundation
import TextFormats

/// Streams the rows of a CSV file, parsed by libcsv.
///
/// - Spaces and tabs around an unquoted field are trimmed, as libcsv does (quote a field to keep
///   them). The first non-blank record is the header; each row carries the physical line it starts on
///   (quoted newlines count, CRLF is one line break).
/// - The delimiter is sniffed from the first lines unless given; a UTF-8 BOM is stripped;
///   a UTF-16 file is refused with a hint.
/// - A row with the wrong number of fields, a NUL byte, a field over the size limit or text after
///   a field's closing quote (`"5" screen`) is a ``RowProblem`` on that row; reading goes on (after
///   a misplaced quote, at the next physical line, so that the quote cannot swallow the rows after
///   it). A quote inside an unquoted field (`5" tall`) is text, as for Python's csv and Excel. A
///   quote left open at the end of the file, or a malformed header, is an ``InputError`` naming
///   the line where its row starts.
/// - Encoding per ``TextEncodingChoice``: bytes are validated as UTF-8 before libcsv sees them, so
///   the first invalid byte is known by its offset in the file.
public final class CSVReader: RowReader {
    public internal(set) var columns: [String] = []
    public var columnCount: Int { columns.count }
    /// The delimiter in use (given or sniffed).
    public let delimiter: UInt8
    /// Whether the file started with a UTF-8 byte order mark (Excel's "CSV UTF-8").
    public let hadByteOrderMark: Bool
    public private(set) var warnings: [String] = []
    public internal(set) var blankLinesSkipped = 0
    public var bytesRead: Int { input.bytesRead }
    public var totalBytes: Int? { input.size }

    private static let sampleSize = 1 << 16
    let input: ByteInput
    let options: ReadOptions
    private let parser: UnsafeMutablePointer<csv_parser>
    /// The parser's private state, read and reset only through ``LibCSVState``.
    var state: LibCSVState { LibCSVState(parser) }
    private let chunk: UnsafeMutableRawBufferPointer
    /// Bytes read ahead to sniff the delimiter; fed to the parser before anything else.
    private var sample: [UInt8]
    private var sampleFed = 0
    private var offsetInFile: Int
    private var validator = UTF8Validator()
    @exclusivity(unchecked) var decodeAsWindows1252: Bool
    /// Whether the file is read as Windows-1252 (from its first byte that is not UTF-8, in `auto`).
    package var readAsWindows1252: Bool { decodeAsWindows1252 }
    /// Bytes at the start of the field in progress that were read before the switch to
    /// Windows-1252: they are UTF-8 and stay so.
    @exclusivity(unchecked) var utf8PrefixOfField = 0
    /// After text following a closing quote: the rest of the physical line is passed over.
    private var skippingToLineEnd = false
    @exclusivity(unchecked) var checkForNUL = false
    /// Whether a field ended in the bytes being parsed may hold a line break: only a quoted field
    /// can, so not when those bytes have no quote and no quoted field is open before them.
    @exclusivity(unchecked) var fieldsMayBreakLines = true

    // The records being assembled by libcsv's callbacks. Only this object's own methods touch this
    // state, one call at a time, so the runtime's exclusivity checks (a third of the callbacks' cost) are off.
    /// The cells as UTF-8, back to back, of the rows read since the last ``publish()`` and then of
    /// the record in progress; and where each cell ends.
    @exclusivity(unchecked) var recordBytes = ByteStore(capacity: 1 << 17)
    @exclusivity(unchecked) var fieldEnds: [Int32] = []
    /// Where the record in progress starts in `recordBytes` and `fieldEnds`.
    @exclusivity(unchecked) var recordStart = 0
    @exclusivity(unchecked) var recordFirstField = 0
    /// Rows complete since the last ``publish()``, their cells still in `recordBytes`.
    @exclusivity(unchecked) var pending: [PendingRow] = []
    @exclusivity(unchecked) var fieldProblem: RowProblem?
    @exclusivity(unchecked) var lineBreaksInFields = 0
    @exclusivity(unchecked) var recordHasContent = false
    @exclusivity(unchecked) var line = 1
    @exclusivity(unchecked) var previousTerminatorWasCR = false
    @exclusivity(unchecked) var hasHeader = false

    /// Rows read and not yet handed out (from `readyIndex` on).
    @exclusivity(unchecked) var ready: [SourceRow] = []
    private var readyIndex = 0
    var atEnd = false
    var deferredError: InputError?
    /// Why the header row cannot be read: thrown when the file is opened, whatever rows follow it.
    var headerError: InputError?

    public init(path: String, options: ReadOptions = ReadOptions()) throws(InputError) {
        self.options = options
        input = try ByteInput(path: path)
        decodeAsWindows1252 = options.encoding == .windows1252
        chunk = .allocate(byteCount: max(1, options.chunkSize), alignment: 8)
        parser = .allocate(capacity: 1)

        let readAhead = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.sampleSize, alignment: 8)
        defer { readAhead.deallocate() }
        var filled = 0
        while filled < Self.sampleSize {
            let count = try input.readChunk(into: UnsafeMutableRawBufferPointer(rebasing: readAhead[filled...]))
            if count == 0 { break }
            filled += count
        }
        var sample = Array(readAhead[..<filled])
        if sample.starts(with: [0xFF, 0xFE]) || sample.starts(with: [0xFE, 0xFF]) {
            throw InputError(
                path: path,
                message: "the file is UTF-16 text; save it as \"CSV UTF-8\" (Excel) or convert it with iconv -f UTF-16 -t UTF-8",
                phrasing: .input(.utf16))
        }
        hadByteOrderMark = sample.starts(with: [0xEF, 0xBB, 0xBF])
        offsetInFile = hadByteOrderMark ? 3 : 0
        sample.removeFirst(offsetInFile)
        self.sample = sample
        delimiter = options.delimiter ?? DelimiterSniffer.sniff(sample, isWholeFile: filled < Self.sampleSize)

        csv_init(parser, Self.parserOptions)
        csv_set_delim(parser, delimiter)

        while !hasHeader && !atEnd { try readMore() }
        if let headerError { throw headerError }
        if let deferredError, ready.isEmpty { throw deferredError }
        if !hasHeader {
            throw InputError(path: path, message: "the file is empty: expected a header row naming the columns", phrasing: .input(.empty))
        }
    }

    deinit {
        csv_free(parser)
        parser.deallocate()
        chunk.deallocate()
    }

    public func next() throws(InputError) -> SourceRow? {
        guard try fillReady() else { return nil }
        defer { readyIndex += 1 }
        return ready[readyIndex]
    }

    /// The rows of the chunks read in one go, handed over without copying them one by one.
    public func nextRows() throws(InputError) -> [SourceRow] {
        guard try fillReady() else { return [] }
        defer {
            ready = []
            readyIndex = 0
        }
        return readyIndex == 0 ? ready : Array(ready[readyIndex...])
    }

    /// Reads until a row is ready to hand out; false at the end (after a deferred error, thrown once).
    private func fillReady() throws(InputError) -> Bool {
        while readyIndex == ready.count {
            ready.removeAll(keepingCapacity: true)
            readyIndex = 0
            if atEnd {
                if let error = deferredError {
                    deferredError = nil
                    throw error
                }
                return false
            }
            try readMore()
        }
        return true
    }

    // MARK: Feeding libcsv

    private func readMore() throws(InputError) {
        if sampleFed < sample.count {
            let count = min(sample.count - sampleFed, chunk.count)
            chunk.copyBytes(from: sample[sampleFed..<(sampleFed + count)])
            sampleFed += count
            feed(UnsafeRawBufferPointer(rebasing: chunk[..<count]))
            return
        }
        if !sample.isEmpty { sample = [] }
        let count = try input.readChunk(into: chunk)
        if count == 0 {
            finish()
        } else {
            feed(UnsafeRawBufferPointer(rebasing: chunk[..<count]))
        }
    }

    private func feed(_ bytes: UnsafeRawBufferPointer) {
        if !decodeAsWindows1252, let start = validator.firstInvalidByte(in: bytes) {
            let split = max(0, start)
            parse(UnsafeRawBufferPointer(rebasing: bytes[..<split]))
            leaveUTF8(at: offsetInFile + start - split, byte: validator.leadByte, brokenSequenceBytes: split - start)
            guard !atEnd else { return }
            parse(UnsafeRawBufferPointer(rebasing: bytes[split...]))
        } else {
            parse(bytes)
        }
    }

    /// libcsv in strict mode: it stops at a quote it would otherwise have to guess about.
    private static let parserOptions = UInt8(CSV_REPALL_NL | CSV_STRICT)

    private func parse(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        if !checkForNUL && memchr(base, 0, bytes.count) != nil { checkForNUL = true }
        fieldsMayBreakLines =
            skippingToLineEnd || state.isInsideQuotes || state.mayHaveClosedQuote || memchr(base, 0x22, bytes.count) != nil
        let context = Unmanaged.passUnretained(self).toOpaque()
        var position = 0
        while position < bytes.count {
            if skippingToLineEnd {
                let rest = bytes.count - position
                guard let lineBreak = ByteScan.firstLineBreak(in: UnsafeRawBufferPointer(start: base + position, count: rest)) else {
                    break
                }
                position += lineBreak
                endMalformedField()
            }
            // libcsv consumes everything unless memory runs out (the field limit below prevents it)
            // or, in strict mode, it meets a quote where none belongs: it stops before that byte.
            position += csv_parse(parser, base + position, bytes.count - position, csvFieldCallback, csvRowCallback, context)
            guard position < bytes.count else { break }
            state.clearError()
            if state.isInUnquotedField {
                // A quote inside an unquoted field (`5" tall`): text, as Python's csv and Excel read it.
                csv_set_opts(parser, Self.parserOptions & ~UInt8(CSV_STRICT))
                position += csv_parse(parser, base + position, 1, csvFieldCallback, csvRowCallback, context)
                csv_set_opts(parser, Self.parserOptions)
            } else {
                // Text after a closing quote (`"5" screen`): libcsv would keep the field open and
                // swallow every delimiter and line after it. The row fails; the next line is read.
                if fieldProblem == nil { fieldProblem = .malformedQuote(field: fieldsInRecord + 1) }
                skippingToLineEnd = true
            }
        }
        offsetInFile += bytes.count
        limitFieldInProgress()
        publish()
    }

    /// Hands the malformed field read so far to the record, as its last field, and resets libcsv
    /// to the start of a row: the line break that follows ends the record.
    private func endMalformedField() {
        skippingToLineEnd = false
        // Without the closing quote and the spaces after it, as libcsv would have ended the field.
        let closing = state.mayHaveClosedQuote ? state.spaces + 1 : 0
        addField(UnsafeRawBufferPointer(start: state.fieldBuffer, count: state.fieldLength - closing))
        state.restartRow()
    }

    /// Handles the first byte that is not UTF-8: with `--encoding utf-8` reading stops there (rows
    /// before it are still delivered, then the error); with `auto` the rest is read as
    /// Windows-1252, from that byte on (`brokenSequenceBytes` of a sequence it broke off before it
    /// were parsed already, and are read as Windows-1252 too).
    private func leaveUTF8(at offset: Int, byte: UInt8?, brokenSequenceBytes: Int) {
        let what = byte.map { "byte 0x" + String($0, radix: 16, uppercase: true) } ?? "an incomplete UTF-8 sequence"
        let place = "\(what) at offset \(offset) (in the row starting on line \(line + lineBreaksInFields))"
        if options.encoding == .utf8 {
            deferredError = InputError(
                path: input.path, line: line,
                message: "\(place) is not valid UTF-8; save the file as \"CSV UTF-8\" or pass \(Setting.encoding.mention("windows-1252"))")
            atEnd = true
            return
        }
        warnings.append(
            "\(input.path): \(place) is not valid UTF-8: reading the rest of the file as Windows-1252 (pass \(Setting.encoding.mention("utf-8")) to stop instead)"
        )
        decodeAsWindows1252 = true
        // The field in progress keeps its UTF-8 start.
        utf8PrefixOfField = skippingToLineEnd ? 0 : max(0, state.fieldLength - brokenSequenceBytes)
    }

    private func finish() {
        fieldsMayBreakLines = true
        if !decodeAsWindows1252 && validator.isInsideSequence {
            leaveUTF8(at: offsetInFile, byte: nil, brokenSequenceBytes: validator.sequenceBytesSeen)
            guard !atEnd else { return }
        }
        // libcsv reports an unclosed quote only in strict mode, which would also refuse stray quotes
        // inside unquoted fields (`5" tall`) that readers accept; so look at its state instead.
        let insideQuotes = state.isInsideQuotes
        let context = Unmanaged.passUnretained(self).toOpaque()
        if skippingToLineEnd {
            endMalformedField()
            endRecord(terminator: -1)
            publish()
        } else if insideQuotes {
            deferredError = InputError(
                path: input.path, line: line,
                message: "a quoted field in the row starting on this line is never closed; add the closing \" or remove the opening one",
                phrasing: .input(.unclosedQuote))
        } else {
            csv_fini(parser, csvFieldCallback, csvRowCallback, context)
            publish()
        }
        atEnd = true
    }
}
