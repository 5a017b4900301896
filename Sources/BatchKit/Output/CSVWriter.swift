import CLibCSV

/// How a CSV file is written.
public struct CSVFormat: Sendable {
    /// Field delimiter (`,` by default; `;` for Excel in European locales).
    public var delimiter: UInt8 = UInt8(ascii: ",")
    /// Start the file with a UTF-8 byte order mark, so Excel reads it as UTF-8.
    public var byteOrderMark = false
    /// Neutralise text cells that a spreadsheet would run as a formula (see ``CSVWriter``).
    public var excelSafe = false

    public init(delimiter: UInt8 = UInt8(ascii: ","), byteOrderMark: Bool = false, excelSafe: Bool = false) {
        self.delimiter = delimiter
        self.byteOrderMark = byteOrderMark
        self.excelSafe = excelSafe
    }
}

/// Writes CSV records: a field is quoted (by libcsv's `csv_write2`) only when it holds the
/// delimiter, a quote, CR or LF, or starts or ends with a space; lines end with CRLF (RFC 4180).
///
/// In Excel-safe mode, a text cell that starts with `=`, `+`, `-`, `@`, tab or CR gets a leading
/// `'`, so that a spreadsheet shows it as text instead of running it as a formula; a plain number
/// such as `-12.5` or `+31612345678` is left alone.
public final class CSVWriter {
    private let sink: FileSink
    private let format: CSVFormat
    private var line: [UInt8] = []
    private var quoted: [UInt8] = []

    public init(sink: FileSink, format: CSVFormat = CSVFormat()) throws(OutputError) {
        self.sink = sink
        self.format = format
        if format.byteOrderMark { try sink.write([0xEF, 0xBB, 0xBF]) }
    }

    /// Writes one record.
    public func write(_ fields: [String]) throws(OutputError) {
        line.removeAll(keepingCapacity: true)
        for (index, field) in fields.enumerated() {
            if index > 0 { line.append(format.delimiter) }
            var field = field
            if format.excelSafe && Self.needsNeutralising(field) { field = "'" + field }
            field.withUTF8 { append($0) }
        }
        line.append(0x0D)
        line.append(0x0A)
        try sink.write(line)
    }

    /// Writes out what is buffered.
    public func flush() throws(OutputError) { try sink.flush() }

    private func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard needsQuotes(bytes) else {
            line.append(contentsOf: bytes)
            return
        }
        let needed = 2 * bytes.count + 2
        if quoted.count < needed { quoted = [UInt8](repeating: 0, count: needed) }
        let written = quoted.withUnsafeMutableBytes {
            csv_write2($0.baseAddress, needed, bytes.baseAddress, bytes.count, UInt8(ascii: "\""))
        }
        line.append(contentsOf: quoted[..<written])
    }

    private func needsQuotes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return false }
        if first == 0x20 || last == 0x20 { return true }
        for byte in bytes where byte == format.delimiter || byte == 0x22 || byte == 0x0A || byte == 0x0D {
            return true
        }
        return false
    }

    /// Whether a spreadsheet could read `field` as a formula: it starts with `= + - @`, tab or CR
    /// and is not a plain number.
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
