import BatchKit
import Jobs
import Testing

@Suite(.timeLimit(.minutes(5))) struct NDJSONReaderTests {
    @Test func readsObjectsSkipsBlanksAndFailsBadLinesByLineNumber() throws {
        let (columns, rows, reader) = try TestSupport.readAll(TestSupport.fixture("migration.ndjson"))
        #expect(columns == ["email", "firstname", "points", "vip", "nick", "tags"])
        #expect(rows.map(\.line) == [1, 3, 4, 5])
        #expect(rows[0].values == ["a@example.com", "Ann", "12", "true"])
        #expect(rows[1].values == ["b@example.com", "", "", "", "", "[\"x\",\"y\"]"])
        #expect(rows[2].problem?.code == "invalid-json")
        #expect(rows[2].problem?.message.contains("{not json") == true)
        #expect(rows[3].values.prefix(2) == ["c@example.com", "Cid"])
        #expect(reader.blankLinesSkipped == 1)
    }

    @Test func sameRowsWhateverTheBufferSize() throws {
        let reference = try TestSupport.readAll(TestSupport.fixture("migration.ndjson")).rows
        for size in 1...40 {
            var options = ReadOptions()
            options.chunkSize = size
            #expect(try TestSupport.readAll(TestSupport.fixture("migration.ndjson"), options: options).rows == reference)
        }
    }

    @Test func aKeyALineLeavesOutIsNotClearedButANullIs() throws {
        let text = #"{"email":"a@example.com","city":"Utrecht","phone":"1"}"# + "\n" + #"{"phone":null,"email":"b@example.com"}"# + "\n"
        let (columns, rows, _) = try TestSupport.readAll(TestSupport.temporaryFile(Array(text.utf8), name: "in.ndjson"))
        #expect(columns == ["city", "email", "phone"])
        #expect(rows[1].values == ["", "b@example.com", ""])
        var options = MappingOptions()
        options.blank = .clear
        let mapping = try ColumnMapping(columns: columns, options: options, requireEmail: true)
        #expect(mapping.map(rows[1]).attributes.map(\.name) == ["phone"])
        #expect(mapping.map(rows[0]).attributes.map(\.name) == ["city", "phone"])
    }

    @Test func manyKeysOneALineEachRowHoldsItsOwn() throws {
        let text = (0..<3000).map { #"{"email":"u\#($0)@example.com","k\#($0)":"v\#($0)"}"# }.joined(separator: "\n")
        let (columns, rows, _) = try TestSupport.readAll(TestSupport.temporaryFile(Array(text.utf8), name: "keys.ndjson"))
        #expect(columns.count == 3001)
        #expect(rows.count == 3000)
        #expect(rows[2999].cell(columns.firstIndex(of: "k2999")!) == "v2999")
        #expect(rows[2999].cell(columns.firstIndex(of: "k5")!) == "")
        var seen: [Int] = []
        rows[2999].forEachColumn(below: columns.count) { seen.append($0) }
        #expect(seen.map { columns[$0] } == ["email", "k2999"])
    }
}
