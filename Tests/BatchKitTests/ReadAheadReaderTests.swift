import BatchKit
import Foundation
import Testing

/// The read-ahead reader says exactly what the reader it wraps says, row by row.
@Suite(.timeLimit(.minutes(5))) struct ReadAheadReaderTests {
    /// What a reader said: each row with the columns after it, then the end (or error), warnings and blank lines.
    private struct Transcript: Equatable {
        var rows: [(SourceRow, [String])] = []
        var error: String?
        var warnings: [String] = []
        var blankLinesSkipped = 0
        var bytesRead = 0

        static func == (left: Transcript, right: Transcript) -> Bool {
            left.rows.count == right.rows.count && zip(left.rows, right.rows).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
                && left.error == right.error && left.warnings == right.warnings
                && left.blankLinesSkipped == right.blankLinesSkipped && left.bytesRead == right.bytesRead
        }
    }

    /// The transcript of `reader` read row by row, or `inChunks` as ``RowReader/nextRows()`` hands
    /// them over: then the columns after each chunk go with its last row (a row that adds columns
    /// ends its chunk), and the other rows have none.
    private func transcript(of reader: any RowReader, inChunks: Bool = false) -> Transcript {
        var transcript = Transcript()
        do {
            if inChunks {
                while case let rows = try reader.nextRows(), !rows.isEmpty {
                    for row in rows.dropLast() { transcript.rows.append((row, [])) }
                    transcript.rows.append((rows[rows.count - 1], reader.columns))
                }
                #expect(try reader.nextRows().isEmpty)
            } else {
                while let row = try reader.next() { transcript.rows.append((row, reader.columns)) }
                // Asked again after the end (or the error), a reader has nothing more to say.
                #expect(try reader.next() == nil)
            }
        } catch {
            transcript.error = error.description
        }
        transcript.warnings = reader.warnings
        transcript.blankLinesSkipped = reader.blankLinesSkipped
        transcript.bytesRead = reader.bytesRead
        return transcript
    }

    @Test(arguments: [
        "excel-nl-1252.csv", "quoted-newlines.csv", "ragged.csv", "blank-lines.csv", "unterminated-quote.csv",
        "nul-byte.csv", "no-trailing-newline.csv", "migration.ndjson", "header-only.csv",
    ])
    func sameRowsColumnsWarningsAndErrorsAsTheReaderItWraps(fixture: String) throws {
        let path = TestSupport.fixture(fixture)
        let direct = transcript(of: try openRowReader(path: path, options: ReadOptions()))
        let ahead = transcript(of: ReadAheadReader(try openRowReader(path: path, options: ReadOptions())))
        #expect(ahead == direct)
        #expect(!direct.rows.isEmpty || fixture == "header-only.csv")
    }

    @Test(arguments: ["quoted-newlines.csv", "unterminated-quote.csv", "nul-byte.csv", "migration.ndjson", "header-only.csv"])
    func inChunksTheSameRowsColumnsAndErrorsAsRowByRow(fixture: String) throws {
        let path = TestSupport.fixture(fixture)
        var byRow = transcript(of: try openRowReader(path: path, options: ReadOptions()))
        let direct = transcript(of: try openRowReader(path: path, options: ReadOptions()), inChunks: true)
        let ahead = transcript(of: ReadAheadReader(try openRowReader(path: path, options: ReadOptions())), inChunks: true)
        // Row by row, a row's columns are known with it; in chunks, only with the chunk's last row.
        for (index, row) in direct.rows.enumerated() where row.1.isEmpty && index < byRow.rows.count { byRow.rows[index].1 = [] }
        #expect(direct == byRow)
        #expect(ahead.rows.map(\.0) == byRow.rows.map(\.0) && ahead.error == byRow.error)
        #expect(ahead.rows.last?.1 == byRow.rows.last?.1 || fixture == "header-only.csv")
    }

    @Test func columnsGrowWithTheRowThatAddsThemAcrossManyBatches() throws {
        // 3,000 NDJSON rows (many 256-row batches); every 700th row brings a new key.
        var text = ""
        for index in 0..<3_000 {
            text +=
                index % 700 == 0 ? "{\"email\":\"a\(index)@example.com\",\"k\(index)\":\"v\"}\n" : "{\"email\":\"a\(index)@example.com\"}\n"
        }
        let path = TestSupport.temporaryFile(Array(text.utf8), name: "grow.ndjson")
        let direct = transcript(of: try openRowReader(path: path, options: ReadOptions()))
        let ahead = transcript(of: ReadAheadReader(try openRowReader(path: path, options: ReadOptions())))
        #expect(ahead == direct)
        #expect(direct.rows.count == 3_000)
        #expect(direct.rows[699].1.count == 2 && direct.rows[700].1.count == 3)
    }

    @Test func aLargeCSVComesThroughWholeAndInOrder() throws {
        var text = "email,name\n"
        for index in 0..<50_000 { text += "c\(index)@example.com,\"Name, \(index)\"\n" }
        let path = TestSupport.temporaryFile(Array(text.utf8))
        let ahead = transcript(of: ReadAheadReader(try openRowReader(path: path, options: ReadOptions())))
        #expect(ahead.rows.count == 50_000)
        #expect(ahead.rows.enumerated().allSatisfy { index, row in row.0.line == index + 2 && row.0.cell(1) == "Name, \(index)" })
        #expect(ahead.bytesRead == text.utf8.count)
    }

    @Test func droppedEarlyItStopsReading() throws {
        var text = "email\n"
        for index in 0..<200_000 { text += "c\(index)@example.com\n" }
        let path = TestSupport.temporaryFile(Array(text.utf8))
        var reader: ReadAheadReader? = ReadAheadReader(try openRowReader(path: path, options: ReadOptions()))
        #expect(try reader?.next()?.cell(0) == "c0@example.com")
        // The read-ahead thread is waiting for room; letting go of the reader must release it, not hang.
        reader = nil
        #expect(reader == nil)
    }
}
