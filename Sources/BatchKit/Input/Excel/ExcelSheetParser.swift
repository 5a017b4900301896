import Synchronization
import TextFormats

/// Turns a worksheet's XML, as it streams by, into rows of cells as Excel shows them, handing
/// them on in chunks. The first row with a value is the header; each row's `line` is its
/// Excel row number.
///
/// A cell's text: a shared or inline string (rich-text runs joined), a number as General shows
/// it, a number in a date or time style as ISO 8601, a boolean as `true`/`false`, a formula's
/// cached value. An error value (`#N/A`, `#REF!`) fails its row (`cell-error`, naming the cell),
/// as does a value in a column with no header. Cells keep their columns however sparse the row
/// (from their `r`, or after the previous cell when there is none).
final class ExcelSheetParser: XMLHandler {
    let workbook: ExcelWorkbook
    /// Takes each full chunk; false when the consumer has gone.
    var deliver: (RowChunk) -> Bool = { _ in false }
    /// Whether the consumer has gone: parsing should stop.
    @exclusivity(unchecked) private(set) var stopped = false

    @exclusivity(unchecked) private(set) var columns: [String]?
    @exclusivity(unchecked) private var chunk = RowChunk()
    @exclusivity(unchecked) private(set) var blankRowsSkipped = 0
    /// The sheet's last row, and the columns (by index) in which a data cell held a number (not
    /// in a date style): shared with the reader, which the rows are read from on another thread.
    let facts = SheetFacts()
    @exclusivity(unchecked) private var numericSeen = Set<Int>()

    // The row being read: its cells' text back to back, and where each ends (by column).
    @exclusivity(unchecked) private var rowNumber = 0
    @exclusivity(unchecked) private var rowBytes: [UInt8] = []
    @exclusivity(unchecked) private var cells: [(column: Int, end: Int)] = []
    @exclusivity(unchecked) private var problem: RowProblem?
    // The cell being read.
    @exclusivity(unchecked) private var column = -1
    @exclusivity(unchecked) private var type = CellType.number
    @exclusivity(unchecked) private var style = 0
    @exclusivity(unchecked) private var value: [UInt8] = []
    @exclusivity(unchecked) private var inValue = false
    @exclusivity(unchecked) private var inline = InlineText()
    @exclusivity(unchecked) private var inInline = false
    /// Why the sheet is not read further: a cell or a row larger than any Excel saves.
    @exclusivity(unchecked) private(set) var refusal: InputError?

    private enum CellType {
        case number, shared, inline, formulaText, boolean, error, isoDate
    }

    init(workbook: ExcelWorkbook) {
        self.workbook = workbook
    }

    func start(_ name: UnsafePointer<UInt8>, _ attributes: XMLAttributes) {
        switch name[0] {
        case UInt8(ascii: "c") where name[1] == 0:
            column = (attributes.withValue("r") { ExcelValues.column(of: $0) } ?? nil) ?? column + 1
            type = attributes.withValue("t") { Self.type(of: $0) } ?? .number
            style = (attributes.withValue("s") { Self.integer($0) } ?? nil) ?? 0
            value.removeAll(keepingCapacity: true)
        case UInt8(ascii: "v") where name[1] == 0:
            inValue = true
        case UInt8(ascii: "r") where XMLName.equals(name, "row"):
            let number = (attributes.withValue("r") { Self.integer($0) } ?? nil) ?? rowNumber + 1
            // Rows a sheet leaves out are blank rows too (as a person sees the sheet).
            if columns != nil { blankRowsSkipped += max(0, number - rowNumber - 1) }
            rowNumber = number
            cells.removeAll(keepingCapacity: true)
            rowBytes.removeAll(keepingCapacity: true)
            problem = nil
            column = -1
        case UInt8(ascii: "i") where XMLName.equals(name, "is"):
            inInline = true
            inline.begin()
        case UInt8(ascii: "d") where XMLName.equals(name, "dimension"):
            // `A1:G100001`: the last row is the number after the colon.
            facts.lastRow = attributes.value("ref").flatMap { $0.split(separator: ":").last }.flatMap { Int($0.drop { !$0.isASCIIDigit }) }
        default:
            if inInline { inline.start(name) }
        }
    }

    func end(_ name: UnsafePointer<UInt8>) {
        switch name[0] {
        case UInt8(ascii: "c") where name[1] == 0:
            endCell()
        case UInt8(ascii: "v") where name[1] == 0:
            inValue = false
        case UInt8(ascii: "r") where XMLName.equals(name, "row"):
            endRow()
        case UInt8(ascii: "i") where XMLName.equals(name, "is"):
            inInline = false
        default:
            if inInline { inline.end(name) }
        }
    }

    func characters(_ text: UnsafeBufferPointer<UInt8>) {
        if inValue {
            value.append(contentsOf: text)
        } else if inInline {
            inline.characters(text)
        }
        let limit = workbook.limits.maxFieldBytes
        if value.count > limit || inline.byteCount > limit {
            refusal = InputError(
                path: workbook.path,
                message:
                    "cell \(reference) holds more than \(limit) bytes (\(Setting.maxFieldBytes.mention())), where Excel holds at most 32,767 characters in a cell: the workbook is damaged or was not saved by Excel; save it again from Excel",
                phrasing: .input(.cellTooLarge, ["cell": "\(reference)", "bytes": "\(limit)"]))
        }
    }

    /// Hands on the rows held (at the end of the sheet: `isLast`, with `error` when it ended badly).
    func flush(isLast: Bool, error: InputError? = nil) {
        chunk.isLast = isLast
        chunk.error = chunk.error ?? error
        chunk.blankLinesSkipped = blankRowsSkipped
        if !deliver(chunk) { stopped = true }
        chunk = RowChunk()
    }

    private func endCell() {
        let start = rowBytes.count
        switch type {
        case .inline:
            rowBytes.append(contentsOf: inline.bytes)
        case .shared:
            guard let index = Self.integer(value), index < workbook.sharedStrings.count else {
                problem =
                    problem
                    ?? RowProblem(
                        code: "cell-error",
                        message:
                            "cell \(reference) points at shared string \(String(decoding: value, as: UTF8.self)), which the workbook does not have; open it in Excel and save it again",
                        phrase: "cellSharedString", values: ["cell": "\(reference)", "index": String(decoding: value, as: UTF8.self)])
                return
            }
            rowBytes.append(contentsOf: workbook.sharedStrings[index].utf8)
        case .boolean:
            if !value.isEmpty { rowBytes.append(contentsOf: value == [UInt8(ascii: "1")] ? Self.trueText : Self.falseText) }
        case .error:
            problem =
                problem
                ?? RowProblem(
                    code: "cell-error",
                    message:
                        "cell \(reference) holds the error \(String(decoding: value, as: UTF8.self)); fix the formula or the value in Excel",
                    phrase: "cellError", values: ["cell": "\(reference)", "error": String(decoding: value, as: UTF8.self)])
            return
        case .formulaText, .isoDate:
            rowBytes.append(contentsOf: value)
        case .number:
            guard !value.isEmpty else { return }
            if Self.isPlainInteger(value) && (style >= workbook.dateStyles.count || workbook.dateStyles[style] == nil) {
                rowBytes.append(contentsOf: value)
                noteNumeric()
            } else {
                let stored = String(decoding: value, as: UTF8.self)
                if style < workbook.dateStyles.count, let kind = workbook.dateStyles[style], let serial = Double(stored),
                    let date = ExcelValues.date(serial, kind: kind, date1904: workbook.date1904)
                {
                    rowBytes.append(contentsOf: date.utf8)
                } else {
                    rowBytes.append(contentsOf: ExcelValues.general(stored).utf8)
                    noteNumeric()
                }
            }
        }
        guard rowBytes.count > start, column >= 0 else {
            rowBytes.removeSubrange(start...)
            return
        }
        cells.append((column, rowBytes.count))
        if rowBytes.count > 16 * workbook.limits.maxFieldBytes {
            refusal = InputError(
                path: workbook.path,
                message:
                    "row \(rowNumber) holds more than \(16 * workbook.limits.maxFieldBytes) bytes: the workbook is damaged or was not saved by Excel; save it again from Excel",
                phrasing: .input(.rowTooLarge, ["row": "\(rowNumber)", "bytes": "\(16 * workbook.limits.maxFieldBytes)"]))
        }
    }

    private func noteNumeric() {
        if columns != nil, numericSeen.insert(column).inserted { facts.insert(numericColumn: column) }
    }

    private func endRow() {
        guard !cells.isEmpty || problem != nil else {
            if columns != nil { blankRowsSkipped += 1 }
            return
        }
        guard let columns else {
            readHeader()
            return
        }
        if problem == nil, let stray = cells.firstIndex(where: { $0.column >= columns.count }) {
            let text = String(decoding: rowBytes[(stray == 0 ? 0 : cells[stray - 1].end)..<cells[stray].end], as: UTF8.self)
            problem = RowProblem(
                code: "field-count",
                message:
                    "cell \(ExcelValues.letters(ofColumn: cells[stray].column))\(rowNumber) holds '\(text.prefix(40))' but its column has no header; give the column a header in row 1 or clear the cell",
                phrase: "cellWithoutHeader",
                values: ["cell": "\(ExcelValues.letters(ofColumn: cells[stray].column))\(rowNumber)", "value": String(text.prefix(40))])
        }
        chunk.rows.append(row(width: columns.count))
        if chunk.rows.count == 256 {
            flush(isLast: false)
        }
    }

    /// The row's cells as a ``SourceRow`` of `width` columns: its bytes as they are when the cells
    /// came in column order (as every producer writes them), each column's end found in one pass.
    private func row(width: Int) -> SourceRow {
        var ends = [Int32](repeating: 0, count: width)
        var next = 0
        var end = 0
        for column in 0..<width {
            if next < cells.count, cells[next].column == column {
                end = cells[next].end
                next += 1
            }
            guard next == cells.count || cells[next].column > column else { return unorderedRow(width: width) }
            ends[column] = Int32(end)
        }
        // Cells past the last column (a stray value, already the row's problem) come after `end`.
        return SourceRow(
            line: rowNumber, block: RowBlock(bytes: Array(rowBytes[..<end]), ends: ends), start: 0, firstCell: 0,
            count: width, problem: problem)
    }

    /// A row whose cells came out of column order: each cell put in its column (a later one wins).
    private func unorderedRow(width: Int) -> SourceRow {
        var values = [String](repeating: "", count: width)
        var start = 0
        for cell in cells {
            if cell.column < width { values[cell.column] = String(decoding: rowBytes[start..<cell.end], as: UTF8.self) }
            start = cell.end
        }
        return SourceRow(line: rowNumber, values: values, problem: problem)
    }

    private func readHeader() {
        if let problem {
            flush(
                isLast: true,
                error: InputError(
                    path: workbook.path, line: rowNumber, message: "the header row is unreadable: \(problem.message)",
                    phrasing: .input(.headerUnreadable, ["why": problem.phrasing])))
            stopped = true
            return
        }
        var names = [String](repeating: "", count: (cells.map(\.column).max() ?? -1) + 1)
        var start = 0
        for cell in cells {
            names[cell.column] = String(decoding: rowBytes[start..<cell.end], as: UTF8.self).trimmed
            start = cell.end
        }
        columns = names
        chunk.addedColumns = names
        flush(isLast: false)
    }

    private var reference: String { ExcelValues.letters(ofColumn: max(column, 0)) + String(rowNumber) }

    private static func type(of text: UnsafeBufferPointer<UInt8>) -> CellType {
        switch (text.count, text.first) {
        case (1, UInt8(ascii: "s")): .shared
        case (9, UInt8(ascii: "i")): .inline
        case (3, UInt8(ascii: "s")): .formulaText
        case (1, UInt8(ascii: "b")): .boolean
        case (1, UInt8(ascii: "e")): .error
        case (1, UInt8(ascii: "d")): .isoDate
        default: .number
        }
    }

    private static let trueText = Array("true".utf8)
    private static let falseText = Array("false".utf8)

    /// Whether a stored number is digits only (with a `-`), as General shows it already.
    private static func isPlainInteger(_ bytes: [UInt8]) -> Bool {
        let digits = bytes.first == UInt8(ascii: "-") ? bytes.dropFirst() : bytes[...]
        return !digits.isEmpty && digits.count < 16
            && (digits.first != UInt8(ascii: "0") || digits.count == 1 && digits.count == bytes.count)
            && digits.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    private static func integer<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Int? {
        guard !bytes.isEmpty, bytes.count < 19 else { return nil }
        var number = 0
        for byte in bytes {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            number = number * 10 + Int(byte - 0x30)
        }
        return number
    }
}
