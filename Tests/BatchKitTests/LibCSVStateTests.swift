import BatchKit
import CLibCSV
import Testing

/// `LibCSVState` reads fields of `struct csv_parser` and states of libcsv.c that libcsv does not
/// export: these fail loudly if the libcsv linked has them elsewhere.
@Suite(.timeLimit(.minutes(5))) struct LibCSVStateTests {
    @Test func theHeaderIsLibcsv3_0() {
        #expect(CSV_MAJOR == 3 && CSV_MINOR == 0)
    }

    @Test func theFieldsReadAreWhereLibcsv3_0KeepsThem() {
        #expect(MemoryLayout<csv_parser>.offset(of: \.pstate) == 0)
        #expect(MemoryLayout<csv_parser>.offset(of: \.quoted) == 4)
        #expect(MemoryLayout<csv_parser>.offset(of: \.spaces) == 8)
        #expect(MemoryLayout<csv_parser>.offset(of: \.entry_buf) == 16)
        #expect(MemoryLayout<csv_parser>.offset(of: \.entry_pos) == 24)
        #expect(MemoryLayout<csv_parser>.offset(of: \.status) == 40)
    }

    /// The states, as the linked libcsv sets them: after `"ab` (inside quotes), `"ab" ` (a quote
    /// that may close, one space after it), `ab` (an unquoted field), and a whole row.
    @Test(arguments: [
        ("\"ab", LibCSVState.fieldBegun, true, 2, 0),
        ("\"ab\" ", LibCSVState.fieldMightHaveEnded, false, 4, 1),
        ("ab", LibCSVState.fieldBegun, false, 2, 0),
        ("ab\n", LibCSVState.rowNotBegun, false, 0, 0),
    ])
    func theStatesAreLibcsv3_0s(bytes: String, state: Int32, quoted: Bool, length: Int, spaces: Int) {
        let parser = UnsafeMutablePointer<csv_parser>.allocate(capacity: 1)
        defer {
            csv_free(parser)
            parser.deallocate()
        }
        #expect(csv_init(parser, UInt8(CSV_REPALL_NL)) == 0)
        var input = Array(bytes.utf8)
        #expect(csv_parse(parser, &input, input.count, nil, nil, nil) == input.count)
        let view = LibCSVState(parser)
        #expect(parser.pointee.pstate == state)
        #expect(view.isInsideQuotes == (state == LibCSVState.fieldBegun && quoted))
        #expect(view.isInUnquotedField == (state == LibCSVState.fieldBegun && !quoted))
        #expect(view.mayHaveClosedQuote == (state == LibCSVState.fieldMightHaveEnded))
        #expect(view.fieldLength == length && view.spaces == spaces)
        view.restartRow()
        #expect(parser.pointee.pstate == LibCSVState.rowNotBegun && view.fieldLength == 0)
    }
}
