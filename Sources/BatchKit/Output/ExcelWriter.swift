import CXLSXWriter
import Foundation
import TextFormats

/// Writes one sheet of an `.xlsx` workbook, row by row, with libxlsxwriter in its constant-memory
/// mode: each row goes to a temporary file as it is written, and ``close()`` zips the workbook.
/// Small sheets after it (an export's totals) are added whole with ``addSheet(_:columns:rows:)``.
///
/// The header row is bold, frozen and carries an autofilter. Text cells are text however they
/// look (`=1+1` is not a formula, `00123` keeps its zeros): no Excel-safe `'` is needed.
package final class ExcelWriter {
    /// A cell as written.
    package enum Cell: Sendable, Equatable {
        case text(String)
        case number(Double)
        /// A day, as an Excel date serial, shown `yyyy-mm-dd`.
        case date(Double)
        /// A moment, as an Excel date serial with its fraction, shown `yyyy-mm-dd hh:mm:ss`.
        case dateTime(Double)
    }

    package let path: String
    private let workbook: UnsafeMutablePointer<lxw_workbook>
    private let sheet: UnsafeMutablePointer<lxw_worksheet>
    private let dateFormat: UnsafeMutablePointer<lxw_format>
    private let dateTimeFormat: UnsafeMutablePointer<lxw_format>
    private let bold: UnsafeMutablePointer<lxw_format>
    private let width: Int
    private var row: UInt32 = 1
    private var closed = false
    /// Text cells cut to Excel's 32,767 characters.
    package private(set) var cutCells = 0

    /// The most rows a sheet holds, its header included.
    package static let maxRows = Int(LXW_ROW_MAX)

    /// Starts the workbook at `path` with a sheet `name` whose header is `columns`.
    package init(path: String, sheet name: String, columns: [String]) throws(OutputError) {
        self.path = path
        var options = lxw_workbook_options(constant_memory: UInt8(LXW_TRUE.rawValue), tmpdir: nil, use_zip64: UInt8(LXW_TRUE.rawValue))
        guard let workbook = workbook_new_opt(path, &options) else {
            throw OutputError(path: path, message: "cannot be written as a workbook (is the folder writable?)")
        }
        self.workbook = workbook
        guard let sheet = workbook_add_worksheet(workbook, String(name.prefix(31))) else {
            lxw_workbook_free(workbook)
            throw OutputError(path: path, message: "cannot add the sheet '\(name)'")
        }
        self.sheet = sheet
        bold = workbook_add_format(workbook)!
        format_set_bold(bold)
        dateFormat = workbook_add_format(workbook)!
        format_set_num_format(dateFormat, "yyyy-mm-dd")
        dateTimeFormat = workbook_add_format(workbook)!
        format_set_num_format(dateTimeFormat, "yyyy-mm-dd hh:mm:ss")
        width = max(1, columns.count)
        header(columns, in: sheet)
    }

    private func header(_ columns: [String], in sheet: UnsafeMutablePointer<lxw_worksheet>) {
        worksheet_freeze_panes(sheet, 1, 0)
        for (column, name) in columns.enumerated() {
            worksheet_write_string(sheet, 0, lxw_col_t(column), name, bold)
        }
    }

    deinit {
        if !closed { lxw_workbook_free(workbook) }
    }

    /// Writes the next row.
    package func write(_ cells: [Cell]) throws(OutputError) {
        guard Int(row) < Self.maxRows else {
            throw OutputError(
                path: path,
                message:
                    "an Excel sheet holds \(Self.maxRows) rows, its header included: export to CSV instead, or in parts (\(Setting.createdAfter.mention()), \(Setting.createdBefore.mention()))"
            )
        }
        try put(cells, row: row, in: sheet)
        row += 1
    }

    /// Adds a sheet `name` after the others, whole: its header `columns` and its `rows`. Once the
    /// first sheet's rows are all written: the first sheet takes no rows after this.
    package func addSheet(_ name: String, columns: [String], rows: [[Cell]]) throws(OutputError) {
        guard let added = workbook_add_worksheet(workbook, String(name.prefix(31))) else {
            throw OutputError(path: path, message: "cannot add the sheet '\(name)'")
        }
        header(columns, in: added)
        for (index, cells) in rows.enumerated() { try put(cells, row: UInt32(index + 1), in: added) }
        worksheet_autofilter(added, 0, 0, lxw_row_t(rows.count), lxw_col_t(max(1, columns.count) - 1))
    }

    private func put(_ cells: [Cell], row: UInt32, in sheet: UnsafeMutablePointer<lxw_worksheet>) throws(OutputError) {
        for (index, cell) in cells.enumerated() {
            let column = lxw_col_t(index)
            let status: lxw_error
            switch cell {
            case .text(let text):
                guard !text.isEmpty else { continue }
                status = worksheet_write_string(sheet, row, column, fitted(text), nil)
            case .number(let number):
                status = worksheet_write_number(sheet, row, column, number, nil)
            case .date(let serial):
                status = worksheet_write_number(sheet, row, column, serial, dateFormat)
            case .dateTime(let serial):
                status = worksheet_write_number(sheet, row, column, serial, dateTimeFormat)
            }
            guard status == LXW_NO_ERROR else { throw failure(status) }
        }
    }

    /// Sets the autofilter over what was written and writes the workbook to `path`.
    package func close() throws(OutputError) {
        closed = true
        worksheet_autofilter(sheet, 0, 0, max(0, row - 1), lxw_col_t(width - 1))
        let status = workbook_close(workbook)
        guard status == LXW_NO_ERROR else { throw failure(status) }
    }

    /// The most characters a cell holds.
    private static let maxCharacters = 32_767

    /// `text` within Excel's 32,767 characters a cell.
    private func fitted(_ text: String) -> String {
        guard text.utf8.count > Self.maxCharacters else { return text }
        let scalars = text.unicodeScalars
        guard scalars.count > Self.maxCharacters else { return text }
        cutCells += 1
        return String(String.UnicodeScalarView(scalars.prefix(Self.maxCharacters)))
    }

    private func failure(_ status: lxw_error) -> OutputError {
        OutputError(path: path, message: "writing the workbook failed: \(String(cString: lxw_strerror(status)))")
    }

    /// Excel's date serial (1900 system) of a moment: days since 1899-12-30, UTC.
    package static func serial(of date: Date) -> Double {
        date.timeIntervalSince1970 / 86_400 + 25_569
    }
}
