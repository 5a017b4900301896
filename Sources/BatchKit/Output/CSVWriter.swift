import CLibCSV

/// How a CSV file is written.
public struct CSVFormat: Sendable {
    /// Field delimiter (`,` by default; `;` for Excel in European locales).
    public var delimiter: UInt8 = UInt8(ascii: ",")
    /// Start the file with a UTF-8 byte order mark, so Excel reads it as UTF-8.
    public var byteOrderMark = false
    /// Neutralise text cells that a spreadsheet would run as a formula (see ``CSVWriter``).
    public var excelSafe = false
    /// End records with CRLF (RFC 4180, what Excel writes); false: with LF alone.
    public var crlf = true

    public init(delimiter: UInt8 = UInt8(ascii: ","), byteOrderMark: Bool = false, excelSafe: Bool = false, crlf: Bool = true) {
        self.delimiter = delimiter
        self.byteOrderMark = byteOrderMark
        self.excelSafe = excelSafe
        self.crlf = crlf
    }
}

/// Writes CSV records: a field is quoted (by libcsv's `csv_write2`) only when it holds the
/// delimiter, a quote, CR or LF, or starts or ends with a space; lines end with CRLF (RFC 4180)
/// unless the format says LF.
///
/// In Excel-safe mode, a text cell that starts with `=`, `+`, `-`, `@`, tab or CR gets a leading
/// `'`, so that a spreadsheet shows it as text instead of running it as a formula; a plain number
/// such as `-12.5` or `+31612345678` is left alone.
package final class CSVWriter {
    private let sink: FileSink
    private let format: CSVFormat
    private var quoted: [UInt8] = []
    /// Bytes that force quoting: quote, CR, LF and the delimiter.
    private let specialBytes: [Bool]
    @exclusivity(unchecked) private var fieldsInRecord = 0

    package init(sink: FileSink, format: CSVFormat = CSVFormat()) throws(OutputError) {
        self.sink = sink
        self.format = format
        specialBytes = (0..<256).map { $0 == 0x22 || $0 == 0x0A || $0 == 0x0D || $0 == Int(format.delimiter) }
        if format.byteOrderMark { try sink.write([0xEF, 0xBB, 0xBF]) }
    }

    /// Writes one record.
    package func write(_ fields: [String]) throws(OutputError) {
        for field in fields { append(field) }
        try endRecord()
    }

    /// Appends one field to the record being written.
    package func append(_ field: String) {
        separate()
        if field.utf8.withContiguousStorageIfAvailable({ append(bytes: $0, of: field) }) == nil {
            var contiguous = field
            contiguous.withUTF8 { append(bytes: $0, of: field) }
        }
    }

    private func append(bytes: UnsafeBufferPointer<UInt8>, of field: String) {
        if format.excelSafe, let byte = bytes.first, byte < 0x41, Self.needsNeutralising(field) {
            // The `'` goes inside the quotes, when the cell needs them: `"'@SUM(1,2)"`.
            ([UInt8(ascii: "'")] + bytes).withUnsafeBufferPointer { appendEscaped($0) }
            return
        }
        appendEscaped(bytes)
    }

    /// Appends `bytes` as they are: fields the caller has separated and escaped already, after
    /// the record's last field.
    package func append(verbatim text: StaticString) {
        text.withUTF8Buffer { sink.buffer.append($0) }
    }

    /// Appends a number field (never quoted, never neutralised).
    package func append(_ number: Int) {
        separate()
        if number < 0 { sink.buffer.append(UInt8(ascii: "-")) }
        // Digits written straight into the buffer: a `String` per number cost more than the rest of the line.
        var rest = number.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = digits.count
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            sink.buffer.append(UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    /// Ends the record (CRLF, or LF) and writes the buffer out when it is full.
    package func endRecord() throws(OutputError) {
        if format.crlf { sink.buffer.append(0x0D) }
        sink.buffer.append(0x0A)
        fieldsInRecord = 0
        try sink.flushIfFull()
    }

    /// Writes out what is buffered.
    package func flush() throws(OutputError) { try sink.flush() }

    /// Flushes, then has the kernel put the file on disk (`fsync`).
    package func sync() throws(OutputError) { try sink.sync() }

    @inline(__always)
    private func separate() {
        if fieldsInRecord > 0 { sink.buffer.append(format.delimiter) }
        fieldsInRecord += 1
    }

    private func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard needsQuotes(bytes) else {
            sink.buffer.append(bytes)
            return
        }
        let needed = 2 * bytes.count + 2
        if quoted.count < needed { quoted = [UInt8](repeating: 0, count: needed) }
        let written = quoted.withUnsafeMutableBytes {
            csv_write2($0.baseAddress, needed, bytes.baseAddress, bytes.count, UInt8(ascii: "\""))
        }
        sink.buffer.append(contentsOf: quoted[..<written])
    }

    private func needsQuotes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return false }
        if first == 0x20 || last == 0x20 { return true }
        let delimiter = format.delimiter
        return specialBytes.withUnsafeBufferPointer { special in
            ByteScan.contains(
                bytes,
                wordMayPass: { word in
                    ByteScan.hasByte(in: word, below: 0x0E) || ByteScan.hasByte(in: word, equalTo: 0x22)
                        || ByteScan.hasByte(in: word, equalTo: delimiter)
                }, where: { special[Int($0)] })
        }
    }

    /// Whether a spreadsheet could read `field` as a formula: it starts with `= + - @`, tab or CR
    /// and is not a plain number.
    /// `field` as it was before Excel-safe writing: a leading `'` is dropped when what follows
    /// would have been neutralised. Reading a file this tool exported gives the values back.
    package static func unneutralised(_ field: Substring) -> Substring {
        guard field.utf8.first == UInt8(ascii: "'") else { return field }
        let rest = field.dropFirst()
        return needsNeutralising(String(rest)) ? rest : field
    }

    static func needsNeutralising(_ field: String) -> Bool {
        guard let first = field.utf8.first else { return false }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "@"), 0x09, 0x0D: return true
        case UInt8(ascii: "+"), UInt8(ascii: "-"): return !isPlainNumber(field.utf8.dropFirst())
        default: return false
        }
    }

    /// Digits with at most one `.` or `,` between digits.
    private static func isPlainNumber(_ bytes: Substring.UTF8View) -> Bool {
        var sawDigit = false
        var sawSeparator = false
        var previousWasDigit = false
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                sawDigit = true
                previousWasDigit = true
            case UInt8(ascii: "."), UInt8(ascii: ","):
                guard previousWasDigit, !sawSeparator else { return false }
                sawSeparator = true
                previousWasDigit = false
            default:
                return false
            }
        }
        return sawDigit && previousWasDigit
    }
}
