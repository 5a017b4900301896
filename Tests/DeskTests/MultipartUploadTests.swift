import NIOCore
import Testing

@testable import Desk

/// The streaming multipart reader, fed its body cut at every place: the file comes out byte for
/// byte, whatever the chunks, and a body that breaks the rules is refused, never half-read.
@Suite(.timeLimit(.minutes(5))) struct MultipartUploadTests {
    static let boundary = "----boundary42"

    static func read(_ body: [UInt8], chunk: Int, limit: Int = 1 << 20) async throws -> (MultipartUpload, [UInt8]) {
        let chunks = AsyncThrowingStream<ByteBuffer, any Error> { continuation in
            for start in stride(from: 0, to: body.count, by: chunk) {
                continuation.yield(ByteBuffer(bytes: body[start..<min(body.count, start + chunk)]))
            }
            continuation.finish()
        }
        var file: [UInt8] = []
        let upload = try await MultipartUpload.read(
            chunks, boundary: boundary, fileField: "file", limit: limit, clock: ContinuousClock(), accept: { _ in true }
        ) { file += $0 }
        return (upload, file)
    }

    @Test func theFileComesOutWholeWhereverTheBodyIsCut() async throws {
        // The file holds what looks like a boundary's start, CRLFs and dashes.
        let content = Array("email\r\na@example.com\r\n--not-the-boundary\r\n\r\n--".utf8) + [0x0D, 0x0A, 0x2D, 0x2D]
        let body =
            Array("--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntoken-1\r\n".utf8)
            + Array(
                "--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"klanten.csv\"\r\nContent-Type: text/csv\r\n\r\n"
                    .utf8)
            + content + Array("\r\n--\(Self.boundary)--\r\n".utf8)
        for chunk in 1...body.count {
            let (upload, file) = try await Self.read(body, chunk: chunk)
            #expect(file == content, "chunks of \(chunk)")
            #expect(upload.fields == ["csrf": "token-1"] && upload.fileName == "klanten.csv" && upload.fileBytes == content.count)
        }
    }

    @Test func anEmptyFileIsAnEmptyFile() async throws {
        let body = Array(
            "--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"empty.csv\"\r\n\r\n\r\n--\(Self.boundary)--\r\n"
                .utf8)
        let (upload, file) = try await Self.read(body, chunk: 7)
        #expect(file.isEmpty && upload.fileName == "empty.csv")
    }

    @Test func aBodyCutShortOrOverTheLimitIsRefused() async throws {
        let start = Array("--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nemail\r\n".utf8)
        await #expect(throws: MultipartUpload.Failure.self) { try await Self.read(start, chunk: 5) }
        let whole = start + Array("\r\n--\(Self.boundary)--\r\n".utf8)
        await #expect(throws: MultipartUpload.Failure.tooLarge) { try await Self.read(whole, chunk: 16, limit: whole.count - 1) }
    }

    /// A file name is the browser's, whatever it holds: `;` and quotes inside the quotes, and
    /// RFC 5987's `filename*` (UTF-8, percent-encoded), which wins over `filename`.
    @Test(arguments: [
        (#"form-data; name="file"; filename="a;b.csv""#, "a;b.csv"),
        (#"form-data; name="file"; filename="5\" screens; 2024.csv""#, "5\" screens; 2024.csv"),
        (#"form-data; name="file"; filename="klanten.csv"; filename*=UTF-8''kl%C3%A4nten%3B%20m%C3%A4rz.csv"#, "klänten; märz.csv"),
        (#"form-data; filename*=utf-8''%E2%82%AC.csv; name=file"#, "€.csv"),
        (#"form-data; name="file"; filename*=UTF-8''%FF.csv; filename="fallback.csv""#, "fallback.csv"),
    ])
    func aFileNameIsReadWholeAsTheBrowserSentIt(disposition: String, name: String) async throws {
        let body = Array("--\(Self.boundary)\r\nContent-Disposition: \(disposition)\r\n\r\nemail\r\n--\(Self.boundary)--\r\n".utf8)
        let (upload, file) = try await Self.read(body, chunk: 9)
        #expect(upload.fileName == name && file == Array("email".utf8))
    }

    @Test func theBoundaryIsReadFromTheContentType() {
        #expect(MultipartUpload.boundary(of: "multipart/form-data; boundary=----WebKitFormBoundaryx9") == "----WebKitFormBoundaryx9")
        #expect(MultipartUpload.boundary(of: "multipart/form-data; charset=utf-8; boundary=\"a b\"") == "a b")
        #expect(MultipartUpload.boundary(of: "application/json") == nil)
        #expect(MultipartUpload.boundary(of: "multipart/form-data") == nil)
    }
}
