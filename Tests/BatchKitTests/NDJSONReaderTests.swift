import BatchKit
import Testing

@Suite struct NDJSONReaderTests {
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
}
