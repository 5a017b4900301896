import BatchKit
import Foundation
import Testing
import TextFormats

/// The nasty corpus: each file gives exactly the rows expected, or exactly the error with its line.
@Suite(.timeLimit(.minutes(5))) struct CSVReaderTests {
    private func read(_ name: String, _ configure: (inout ReadOptions) -> Void = { _ in }) throws -> (
        columns: [String], rows: [SourceRow], reader: any RowReader
    ) {
        var options = ReadOptions()
        configure(&options)
        return try TestSupport.readAll(TestSupport.fixture(name), options: options)
    }

    @Test func excelDutchUTF8WithBOMSemicolonsAndCRLF() throws {
        let (columns, rows, reader) = try read("excel-nl-utf8.csv")
        #expect((reader as? CSVReader)?.delimiter == UInt8(ascii: ";"))
        #expect(columns == ["E-mailadres", "Voornaam", "Achternaam", "Punten"])
        #expect(
            rows == [
                SourceRow(line: 2, values: ["rene@example.nl", "René", "Smit", "12,5"]),
                SourceRow(line: 3, values: ["anne@example.nl", "Anne", "de Vries; jr.", "-3"]),
            ])
        #expect(reader.warnings.isEmpty)
    }

    @Test func windows1252FallsBackWithAWarningNamingTheOffset() throws {
        let (_, rows, reader) = try read("excel-nl-1252.csv")
        #expect(
            rows.map(\.values) == [
                ["jan@example.nl", "Jan", "Utrecht"],
                ["rene@example.nl", "René", "€-stad"],
                ["zoe@example.nl", "Zoë", "Liège"],
            ])
        #expect(reader.warnings.count == 1)
        #expect(reader.warnings.first?.contains("byte 0xE9 at offset 76 (in the row starting on line 3)") == true)
    }

    @Test func strictUTF8StopsAtTheInvalidByte() throws {
        var rowsBeforeError: [SourceRow] = []
        let error = #expect(throws: InputError.self) {
            var options = ReadOptions()
            options.encoding = .utf8
            let reader = try CSVReader(path: TestSupport.fixture("excel-nl-1252.csv"), options: options)
            while let row = try reader.next() { rowsBeforeError.append(row) }
        }
        #expect(error?.line == 3)
        #expect(error?.message.contains("byte 0xE9 at offset 76") == true)
        #expect(error?.message.contains(Setting.encoding.mention("windows-1252")) == true)
        #expect(rowsBeforeError.map(\.line) == [2])
    }

    @Test func windows1252WhenAsked() throws {
        let (_, rows, reader) = try read("excel-nl-1252.csv") { $0.encoding = .windows1252 }
        #expect(rows[2].values == ["zoe@example.nl", "Zoë", "Liège"])
        #expect(reader.warnings.isEmpty)
    }

    @Test func quotedNewlinesKeepPhysicalLineNumbers() throws {
        let (_, rows, _) = try read("quoted-newlines.csv")
        #expect(
            rows == [
                SourceRow(line: 2, values: ["A@example.com", "one\ntwo"]),
                SourceRow(line: 4, values: ["b@example.com", "x\r\ny\r\nz"]),
                SourceRow(line: 7, values: ["c@example.com", "plain"]),
            ])
    }

    @Test func unterminatedQuoteIsAnErrorAtTheLineWhereItsRowStarts() throws {
        var seen: [Int] = []
        let error = #expect(throws: InputError.self) {
            let reader = try CSVReader(path: TestSupport.fixture("unterminated-quote.csv"))
            while let row = try reader.next() { seen.append(row.line) }
        }
        #expect(seen == [2])
        #expect(error?.line == 3)
        #expect(error?.message.contains("never closed") == true)
    }

    @Test func raggedRowsAreRowProblemsNotJobFailures() throws {
        let (_, rows, _) = try read("ragged.csv")
        #expect(rows.map(\.line) == [2, 3, 4, 5])
        #expect(rows.map(\.problem?.code) == [nil, "field-count", "field-count", nil])
        #expect(rows[1].problem?.message.hasPrefix("2 fields where the header has 3") == true)
        #expect(rows[2].values == ["c@example.com", "Cid", "Cole", "extra"])
    }

    @Test func emptyFileIsAnError() {
        let error = #expect(throws: InputError.self) { try read("empty.csv") }
        #expect(error?.message.contains("the file is empty") == true)
    }

    @Test func headerOnlyHasNoRows() throws {
        let (columns, rows, _) = try read("header-only.csv")
        #expect(columns == ["email", "firstname"])
        #expect(rows.isEmpty)
    }

    @Test func blankLinesAndEmptyRowsAreSkippedAndCounted() throws {
        let (_, rows, reader) = try read("blank-lines.csv")
        #expect(
            rows == [
                SourceRow(line: 3, values: ["a@example.com", "Ann"]),
                SourceRow(line: 8, values: ["b@example.com", "Bob"]),
            ])
        #expect(reader.blankLinesSkipped == 6)
    }

    @Test func lastRowWithoutTrailingNewline() throws {
        let (_, rows, _) = try read("no-trailing-newline.csv")
        #expect(rows.last == SourceRow(line: 3, values: ["b@example.com", "Bob \"B\" Brown"]))
    }

    @Test func nulByteFailsItsRowOnly() throws {
        let (_, rows, _) = try read("nul-byte.csv")
        #expect(rows.map(\.problem?.code) == ["nul-byte", nil])
        #expect(rows[0].problem?.message.contains("field 2") == true)
    }

    @Test func utf16IsRefusedWithAHint() {
        let error = #expect(throws: InputError.self) { try read("utf16.csv") }
        #expect(error?.message.contains("UTF-16") == true)
    }

    @Test func tabsAndPipesAreSniffed() throws {
        let tabs = try read("tabs.tsv")
        #expect(tabs.columns == ["email", "first name", "city"])
        #expect(tabs.rows.first?.values == ["a@example.com", "Ann Alder", "Den Haag"])
        let pipes = try read("pipes.csv")
        #expect(pipes.rows.first?.values == ["a@example.com", "Ann, the first"])
    }

    @Test func givenDelimiterWinsOverSniffing() throws {
        let (columns, _, _) = try read("pipes.csv") { $0.delimiter = UInt8(ascii: ",") }
        #expect(columns == ["email|firstname"])
    }

    @Test func fieldOverTheLimitFailsItsRowAndReadingGoesOn() throws {
        let big = [UInt8](repeating: UInt8(ascii: "x"), count: 5_000_000)
        let bytes = Array("email,note\na@example.com,small\nb@example.com,\"".utf8) + big + Array("\"\nc@example.com,after\n".utf8)
        let path = TestSupport.temporaryFile(bytes)

        let limited = try TestSupport.readAll(path)
        #expect(limited.rows.map(\.line) == [2, 3, 4])
        #expect(
            limited.rows[1].problem
                == RowProblem.init(
                    code: "field-too-large",
                    message: "field 2 is larger than 1048576 bytes (\(Setting.maxFieldBytes.mention())); is a quote left open?",
                    phrase: "fieldTooLarge", values: ["field": "2", "limit": "1048576"]))
        #expect(limited.rows[2].values == ["c@example.com", "after"])

        var options = ReadOptions()
        options.maxFieldBytes = 8_000_000
        let allowed = try TestSupport.readAll(path, options: options)
        #expect(allowed.rows[1].problem == nil)
        #expect(allowed.rows[1].values[1].utf8.count == 5_000_000)
    }

    @Test func spacesAroundUnquotedFieldsAreTrimmedQuotedOnesKept() throws {
        let path = TestSupport.temporaryFile(Array("email , name\n  a@example.com\t,  Ann Alder  \n\" b@example.com \",\" Bob \"\n".utf8))
        let (columns, rows, _) = try TestSupport.readAll(path)
        #expect(columns == ["email", "name"])
        #expect(rows.map(\.values) == [["a@example.com", "Ann Alder"], [" b@example.com ", " Bob "]])
    }

    @Test func fileNotFoundNamesThePath() {
        let error = #expect(throws: InputError.self) { try CSVReader(path: "/nonexistent/contacts.csv") }
        #expect(error?.description == "/nonexistent/contacts.csv: cannot open: No such file or directory")
    }
}
