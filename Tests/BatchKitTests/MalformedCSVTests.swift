import BatchKit
import Foundation
import Testing

/// Files no one here wrote: stray quotes, a switch of encoding inside a row, oversized fields.
/// Each case was reproduced as losing or garbling rows before its fix.
@Suite(.timeLimit(.minutes(5))) struct MalformedCSVTests {
    private func read(_ text: String, _ configure: (inout ReadOptions) -> Void = { _ in }) throws -> (columns: [String], rows: [SourceRow])
    {
        try read(bytes: Array(text.utf8), configure)
    }

    private func read(bytes: [UInt8], _ configure: (inout ReadOptions) -> Void = { _ in }) throws -> (columns: [String], rows: [SourceRow])
    {
        var options = ReadOptions()
        configure(&options)
        let (columns, rows, _) = try TestSupport.readAll(TestSupport.temporaryFile(bytes), options: options)
        return (columns, rows)
    }

    @Test(arguments: [1 << 16, 7, 1])
    func textAfterAClosingQuoteFailsThatRowOnly(chunkSize: Int) throws {
        let (_, rows) = try read("email,note\na@example.com,\"5\" screen, more\nb@example.com,ok\nc@example.com,\"x\"\n") {
            $0.chunkSize = chunkSize
        }
        #expect(rows.map(\.line) == [2, 3, 4])
        #expect(rows.map(\.problem?.code) == ["malformed-quote", nil, nil])
        #expect(rows[0].problem?.message.contains("field 2 has text after its closing quote") == true)
        #expect(rows[0].values == ["a@example.com", "5"])
        #expect(rows[1].values == ["b@example.com", "ok"])
        #expect(rows[2].values == ["c@example.com", "x"])
    }

    /// Shaped as rust-csv's `strange.csv` (a header of one quoted name with text after its quote)
    /// and node-csvtojson's `csvWithUnclosedHeader` (`"Age" (years)` among plain names, rows after
    /// it): whatever rows follow, the file stops at line 1 naming the column.
    @Test(arguments: [
        ("\"\\\"Hacksaw\\\" Jim Duggan\";1987\n", 1),
        (
            "Date,Sample no.,,Errors,\"Age\" (years),Error code,\n\"06/14/2018\",\"12669\",,\"\",,,\n\"06/15/2018\",\"12670\",,\"\",41,,\n",
            5
        ),
    ])
    func aHeaderWithTextAfterAClosingQuoteStopsTheFileAtLineOne(text: String, column: Int) throws {
        #expect {
            _ = try read(text)
        } throws: { error in
            let message = (error as? InputError)?.description ?? ""
            return message.contains("line 1") && message.contains("column \(column) of the header")
                && message.contains("after its closing quote")
        }
    }

    @Test func aQuoteInsideAnUnquotedFieldIsText() throws {
        let (_, rows) = try read("email,height\na@example.com,5\" tall\nb@example.com,6'2\"\n")
        #expect(rows.map(\.values) == [["a@example.com", "5\" tall"], ["b@example.com", "6'2\""]])
        #expect(rows.allSatisfy { $0.problem == nil })
    }

    @Test func aMalformedQuoteSpanningLinesKeepsTheLinesAfterIt() throws {
        let (_, rows) = try read("email,note\r\na@example.com,\"one\r\ntwo\" x,y\r\nb@example.com,ok\r\n")
        #expect(rows.map(\.line) == [2, 4])
        #expect(rows.map(\.problem?.code) == ["malformed-quote", nil])
        #expect(rows[0].values == ["a@example.com", "one\r\ntwo"])
    }

    @Test func aMalformedQuoteOnTheLastLineWithoutALineBreak() throws {
        let (_, rows) = try read("email,note\na@example.com,ok\nb@example.com,\"5\" x")
        #expect(rows.map(\.line) == [2, 3])
        #expect(rows.map(\.problem?.code) == [nil, "malformed-quote"])
    }

    @Test func aMalformedHeaderStopsTheFileNamingItsColumn() {
        let error = #expect(throws: InputError.self) { try read("email,\"Age\" (years),city\na@example.com,1,x\n") }
        #expect(error?.line == 1)
        #expect(error?.message.contains("column 2 of the header ('Age…')") == true)
    }

    @Test func undefinedWindows1252BytesKeepTheirCellReadable() throws {
        // 0x80 is €; 0x81 is undefined in Windows-1252 and passes through as U+0081.
        let bytes = Array("email,note\na@example.com,".utf8) + [0x80, 0x81, 0x61] + Array("\n".utf8)
        let (_, rows) = try read(bytes: bytes)
        #expect(rows[0].values[1] == "€\u{81}a")
    }

    @Test(arguments: [1 << 16, 5, 1])
    func theSwitchToWindows1252HappensAtTheByte(chunkSize: Int) throws {
        // Valid UTF-8 (é) earlier in the same cell and row stays é; the Windows-1252 byte after it is ë.
        let bytes =
            Array("email,note,city\na@example.com,café,".utf8) + Array("caf\u{e9} Zo".utf8) + [0xEB] + Array("\nb@example.com,x,Li".utf8)
            + [0xE8] + Array("ge\n".utf8)
        let (_, rows) = try read(bytes: bytes) { $0.chunkSize = chunkSize }
        #expect(rows.map(\.values) == [["a@example.com", "café", "café Zoë"], ["b@example.com", "x", "Liège"]])
    }

    @Test func aBrokenSequenceAtTheSwitchIsReadAsWindows1252() throws {
        // 0xC3 starts a two-byte sequence that the comma breaks off: it is Ã, and the é before it stays.
        let bytes = Array("email,note\na@example.com,é".utf8) + [0xC3] + Array(",\n".utf8)
        let (_, rows) = try read(bytes: bytes)
        #expect(rows[0].values == ["a@example.com", "éÃ", ""])
    }

    @Test func lineNumbersStayRightAfterAnOversizedFieldWithLineBreaks() throws {
        let big = String(repeating: "line\r\n", count: 30)
        let (_, rows) = try read("email,note\na@example.com,\"\(big)\"\nb@example.com,ok\nc@example.com,ok\n") {
            $0.maxFieldBytes = 20
            $0.chunkSize = 16
        }
        #expect(rows.map(\.line) == [2, 33, 34])
        #expect(rows.map(\.problem?.code) == ["field-too-large", nil, nil])
    }

    @Test func theFieldLimitHoldsWithinOneRead() throws {
        let (_, rows) = try read("email,note\na@example.com,12345678901234567890\nb@example.com,1234567890\n") { $0.maxFieldBytes = 15 }
        #expect(rows.map(\.problem?.code) == ["field-too-large", nil])
    }

    @Test func millionsOfSpacesFailTheRowWithoutACrash() throws {
        let spaces = [UInt8](repeating: 0x20, count: 3_000_000)
        for field in [Array("x".utf8) + spaces + Array("y".utf8), Array("x".utf8) + spaces, Array("\"x\"".utf8) + spaces] {
            let bytes = Array("email,note\na@example.com,".utf8) + field + Array(",\nb@example.com,ok\n".utf8)
            let (_, rows) = try read(bytes: bytes)
            #expect(rows.map(\.line) == [2, 3])
            #expect(rows[0].problem != nil)
            #expect(rows[1].values == ["b@example.com", "ok"])
        }
    }
}
