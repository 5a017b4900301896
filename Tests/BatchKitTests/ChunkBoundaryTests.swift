import BatchKit
import Testing

/// Records never depend on where the reads split the file.
@Suite(.timeLimit(.minutes(5))) struct ChunkBoundaryTests {
    /// BOM, CRLF, quoted delimiters, quotes, newlines (LF and CRLF) and an invalid UTF-8 byte late in the file.
    static let nasty: [UInt8] =
        [0xEF, 0xBB, 0xBF]
        + Array(
            """
            email;name;note\r
            a@example.com;"Ann; A";"say ""hi""\r
            there"\r
            \r
            b@example.com;Björn;"multi\nline\nnote"\r
            c@example.com;;\r
            d@example.com;Dee;€ and ü\r
            """.utf8) + Array("e@example.com;Ren".utf8) + [0xE9] + Array(";end".utf8)

    static func records(chunkSize: Int) throws -> [SourceRow] {
        var options = ReadOptions()
        options.chunkSize = chunkSize
        return try TestSupport.readAll(path, options: options).rows
    }

    static let path = TestSupport.temporaryFile(nasty)

    @Test func everyBufferSizeGivesTheSameRecords() throws {
        let reference = try Self.records(chunkSize: 1 << 16)
        #expect(reference.map(\.line) == [2, 5, 8, 9, 10])
        #expect(reference.last?.values == ["e@example.com", "René", "end"])
        #expect(reference[0].values == ["a@example.com", "Ann; A", "say \"hi\"\r\nthere"])
        for size in Array(1...97) + [128, 1000, 4096] {
            #expect(try Self.records(chunkSize: size) == reference, "chunk size \(size)")
        }
    }
}
