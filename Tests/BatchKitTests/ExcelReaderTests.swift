import Foundation
import Testing
import TextFormats

@testable import BatchKit

/// `.xlsx` input, read from workbooks that openpyxl and LibreOffice wrote
/// (`Fixtures/excel/make-workbooks.py`): cells as Excel shows them, rows at their Excel row numbers.
struct ExcelReaderTests {
    private static func read(_ name: String, sheet: String? = nil) throws -> (reader: ExcelReader, rows: [SourceRow]) {
        var options = ReadOptions()
        options.sheet = sheet
        let reader = try ExcelReader(path: TestSupport.fixture("excel/\(name)"), options: options)
        var rows: [SourceRow] = []
        while let row = try reader.next() { rows.append(row) }
        return (reader, rows)
    }

    @Test func openpyxlCellsReadAsExcelShowsThem() throws {
        let (reader, rows) = try Self.read("openpyxl.xlsx")
        #expect(reader.sheet == "Contacts", "the first visible sheet: the first is hidden")
        #expect(reader.columns == ["E-mailadres", "Voornaam", "Telefoon", "Geboortedatum", "Punten", "Actief", "Notitie"])
        #expect(rows.map(\.line) == [2, 3, 4, 6, 7, 8], "Excel's row numbers; the blank row 5 is passed over")
        #expect(reader.blankLinesSkipped == 1)
        #expect(rows[0].values == ["anne@example.nl", "Anne", "31612345678", "1990-12-31", "0.1", "true", "plain"])
        #expect(rows[1].values == ["bram@example.nl", "Bold and plain", "0612345678", "2024-03-01T14:30:05", "1234.5", "false", ""])
        #expect(
            rows[2].problem
                == RowProblem(
                    code: "cell-error", message: "cell G4 holds the error #N/A; fix the formula or the value in Excel", phrase: "cellError",
                    values: ["cell": "G4", "error": "#N/A"]))
        #expect(rows[2].values == ["cor@example.nl", "Cor", "", "", "-7", "", ""])
        #expect(
            rows[3].values == ["dirk@example.nl", "", "", "", "100000000000000000000", "", ""],
            "a formula openpyxl stored without a value reads empty")
        #expect(rows[4].values == ["eva@example.nl", "", "", "08:15:00", "", "", ""])
        #expect(rows[5].problem?.code == "field-count")
        #expect(rows[5].problem?.message.hasPrefix("cell H8 holds 'stray' but its column has no header") == true)
        #expect(
            reader.warnings == [
                "the workbook has 3 sheets: read 'Contacts' (choose another with \(Setting.sheet.mention("NAME")) or \(Setting.sheet.mention("N")))"
            ])
        #expect(reader.estimatedRows == 7, "its dimension, A1:H8")
        #expect(reader.numericColumns == ["Telefoon", "Punten"])
    }

    @Test func libreOfficeFormulasDatesAndRichText() throws {
        let (reader, rows) = try Self.read("libreoffice.xlsx")
        #expect(reader.columns == ["email", "naam", "telefoon", "lid sinds", "punten", "actief"])
        #expect(rows.map(\.line) == [2, 3, 4])
        // LibreOffice stores booleans as the numbers 1 and 0 in a boolean style: Excel shows them so.
        #expect(rows[0].values == ["anne@example.nl", "Anne de Vries", "31612345678", "1990-12-31", "5", "1"])
        #expect(rows[1].problem?.message == "cell E3 holds the error #N/A; fix the formula or the value in Excel")
        #expect(rows[1].values[3] == "2024-03-01T14:30:00")
        #expect(rows[2].values == ["cor@example.nl", "COR", "0.1", "", "1234.5", ""], "a formula's cached text")
    }

    @Test func cellsWithoutReferencesKeepTheirColumns() throws {
        let (reader, rows) = try Self.read("minimal.xlsx")
        #expect(reader.columns == ["email", "city", "points"])
        #expect(rows.map(\.line) == [2, 5, 6, 7, 8])
        #expect(
            rows.map(\.values) == [
                ["a@example.nl", "Den Haag", "31612345678"], ["b@example.nl", "", "0.1"], ["c@example.nl", "true", ""],
                ["d@example.nl", "Zwolle", ""], ["e@example.nl", "Straat 1\r\nUtrecht", ""],
            ],
            "row 7's cells came out of column order; row 8 has Excel's escape of a carriage return")
        #expect(reader.warnings.isEmpty)
        #expect(reader.blankLinesSkipped == 2, "rows 3 and 4, which the sheet leaves out")
    }

    @Test func the1904DateSystem() throws {
        let (_, rows) = try Self.read("openpyxl-1904.xlsx")
        #expect(rows.map(\.values) == [["mac@example.nl", "1990-12-31"]])
    }

    @Test func aSheetByNameOrNumberAndOneThatIsNotThere() throws {
        #expect(try Self.read("openpyxl.xlsx", sheet: "second").rows.map(\.values) == [["second@example.nl"]])
        #expect(try Self.read("openpyxl.xlsx", sheet: "3").reader.sheet == "Second")
        #expect(try Self.read("openpyxl.xlsx", sheet: "1").reader.sheet == "Read me", "a hidden sheet, when asked for")
        #expect {
            try Self.read("openpyxl.xlsx", sheet: "Leden")
        } throws: { error in
            (error as? InputError)?.message
                == "has no sheet 'Leden'; its sheets: 1. 'Read me' (hidden), 2. 'Contacts', 3. 'Second' (choose one with \(Setting.sheet.mention("NAME")) or \(Setting.sheet.mention("N")))"
        }
    }

    @Test func filesThatAreNotWorkbooksSayWhatToDo() throws {
        let csv = TestSupport.temporaryFile(Array("email\na@example.nl\n".utf8), name: "contacts.xlsx")
        #expect { try ExcelReader(path: csv) } throws: { ($0 as? InputError)?.message.hasPrefix("is not an Excel workbook") == true }
        let legacy = TestSupport.temporaryFile(
            [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504), name: "old.xlsx")
        #expect { try ExcelReader(path: legacy) } throws: {
            ($0 as? InputError)?.message.hasPrefix("is an Excel 97–2003 workbook (.xls)") == true
        }
        #expect { try ExcelReader(path: "-") } throws: {
            ($0 as? InputError)?.message.hasPrefix("a workbook cannot be read from standard input") == true
        }
    }

    @Test func readingStopsCleanlyWhenTheReaderIsDropped() throws {
        // The reading thread waits on a full queue; dropping the reader must let it end.
        for _ in 0..<20 {
            let reader = try ExcelReader(path: TestSupport.fixture("excel/openpyxl.xlsx"))
            _ = try reader.next()
        }
    }

    @Test(arguments: [
        ("3.1612345678E10", "31612345678"), ("0.10000000000000001", "0.1"), ("1E-7", "0.0000001"), ("-1.5E-3", "-0.0015"),
        ("1.2345678901234567E19", "12345678901234567000"), ("42", "42"), ("-0", "0"), ("12.50", "12.5"), ("abc", "abc"),
    ])
    func numbersAsGeneralShowsThem(stored: String, shown: String) {
        #expect(ExcelValues.general(stored) == shown)
    }

    @Test func excelEscapesReadBack() {
        func read(_ text: String) -> String { String(decoding: ExcelValues.unescaped(Array(text.utf8)), as: UTF8.self) }
        #expect(read("Straat 1_x000D_\nUtrecht") == "Straat 1\r\nUtrecht")
        #expect(read("a_x005F_x000D_b") == "a_x000D_b", "an escaped underscore keeps what follows as text")
        #expect(read("snake_case_name") == "snake_case_name")
        #expect(read("_xZZZZ_") == "_xZZZZ_")
    }

    @Test func cellReferencesToColumns() {
        func column(_ reference: String) -> Int? { Array(reference.utf8).withUnsafeBufferPointer { ExcelValues.column(of: $0) } }
        #expect(column("A1") == 0 && column("c14") == 2 && column("AA3") == 26 && column("XFD1048576") == 16_383)
        #expect(column("14") == nil && column("") == nil)
        #expect(column(String(repeating: "Z", count: 40) + "1") == nil, "no overflow: found by the fuzz test")
    }

    @Test func dateSerialsInBothSystems() {
        #expect(ExcelValues.date(1, kind: .date, date1904: false) == "1900-01-01")
        #expect(ExcelValues.date(59, kind: .date, date1904: false) == "1900-02-28")
        #expect(ExcelValues.date(60, kind: .date, date1904: false) == "1900-02-29", "Lotus's leap day, as Excel shows it")
        #expect(ExcelValues.date(61, kind: .date, date1904: false) == "1900-03-01")
        #expect(ExcelValues.date(45352.6041666667, kind: .dateTime, date1904: false) == "2024-03-01T14:30:00")
        #expect(ExcelValues.date(0.34375, kind: .time, date1904: false) == "08:15:00")
        #expect(ExcelValues.date(0, kind: .date, date1904: true) == "1904-01-01")
        #expect(ExcelValues.date(31_776, kind: .date, date1904: true) == "1990-12-31")
        #expect(ExcelValues.date(-1, kind: .date, date1904: false) == nil)
    }

    @Test func whichNumberFormatsAreDates() {
        #expect(ExcelDateKind(formatID: 14, code: nil) == .date)
        #expect(ExcelDateKind(formatID: 22, code: nil) == .dateTime)
        #expect(ExcelDateKind(formatID: 0, code: nil) == nil)
        #expect(ExcelDateKind(formatID: 164, code: "dd/mm/yyyy") == .date)
        #expect(ExcelDateKind(formatID: 164, code: "[$-413]d mmmm yyyy;@") == .date)
        #expect(ExcelDateKind(formatID: 164, code: "yyyy-mm-dd hh:mm") == .dateTime)
        #expect(ExcelDateKind(formatID: 164, code: "[h]:mm") == .time)
        #expect(ExcelDateKind(formatID: 164, code: "[White]0.00;[Red]-0.00") == nil)
        #expect(ExcelDateKind(formatID: 164, code: "0 \"days\"") == nil)
        #expect(ExcelDateKind(formatID: 164, code: "General") == nil)
    }
}
