#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// Reads a `multipart/form-data` body as it streams in: its small text fields into memory, and
/// its one file part straight into a file, so that an upload is never whole in memory. No library
/// of this package's reads multipart (Hummingbird decodes only URL-encoded forms), hence this one.
struct MultipartUpload {
    /// Why an upload was refused.
    enum Failure: Error, Equatable {
        /// Over the byte limit.
        case tooLarge
        /// Not `multipart/form-data`, or a body that does not follow its rules.
        case malformed(String)
        /// The fields before the file part did not allow it (a wrong form token): nothing of the file was written.
        case refused
        /// Slower than ``UploadPace`` allows.
        case tooSlow
    }

    /// The text fields (at most 16, of 4 KiB each) and the file part's file name as the browser gave it.
    var fields: [String: String] = [:]
    var fileName: String?
    /// Bytes of the file part written.
    var fileBytes = 0

    /// The boundary of a `multipart/form-data; boundary=…` content type.
    static func boundary(of contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            let value = pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"") && pair[1].count >= 2 ? String(pair[1].dropFirst().dropLast()) : pair[1]
            return (1...70).contains(value.utf8.count) ? value : nil
        }
        return nil
    }

    /// Reads `body`, writing the part named `fileField` to `write`, at most `limit` bytes in all,
    /// at the pace ``UploadPace`` asks on `clock`. `accept` is asked, with the fields read so far,
    /// before the file part's first byte is written: false refuses the upload there.
    static func read<C: Clock<Duration>>(_ body: some AsyncSequence<ByteBuffer, any Error>, boundary: String, fileField: String, limit: Int,
                                         clock: C, accept: ([String: String]) -> Bool,
                                         write: (UnsafeRawBufferPointer) throws -> Void) async throws -> MultipartUpload {
        var parser = Parser(boundary: boundary, fileField: fileField)
        var pace = UploadPace(start: clock.now)
        var total = 0
        for try await buffer in body {
            total += buffer.readableBytes
            guard total <= limit else { throw Failure.tooLarge }
            guard pace.received(buffer.readableBytes, at: clock.now) else { throw Failure.tooSlow }
            try buffer.withUnsafeReadableBytes { try parser.feed($0, accept: accept, write: write) }
        }
        guard parser.finished else { throw Failure.malformed("the upload ended before its last boundary; send the file again") }
        return parser.upload
    }

    /// The state between chunks: bytes not yet known to be outside a delimiter, and the part in progress.
    private struct Parser {
        enum State { case preamble, headers, body, done }

        let delimiter: [UInt8]
        let fileField: String
        var state = State.preamble
        var pending: [UInt8] = []
        var upload = MultipartUpload()
        /// The part in progress: its field name, whether it is the file, its text so far.
        var name = ""
        var isFile = false
        var text: [UInt8] = []

        var finished: Bool { state == .done }

        init(boundary: String, fileField: String) {
            // The first boundary has no CRLF before it when it starts the body: one is put in front.
            delimiter = Array("\r\n--\(boundary)".utf8)
            self.fileField = fileField
            pending = Array("\r\n".utf8)
        }

        mutating func feed(_ bytes: UnsafeRawBufferPointer, accept: ([String: String]) -> Bool, write: (UnsafeRawBufferPointer) throws -> Void) throws {
            pending.append(contentsOf: bytes)
            var start = 0
            defer { pending.removeFirst(start) }
            while state != .done {
                switch state {
                case .preamble, .body:
                    guard let found = Self.find(delimiter, in: pending, from: start) else {
                        // All but a possible start of the delimiter is the part's.
                        let keep = max(start, pending.count - delimiter.count + 1)
                        if state == .body { try take(pending[start..<keep], write: write) }
                        start = keep
                        return
                    }
                    // After the delimiter: `--` ends the body, CRLF starts a part.
                    let after = found + delimiter.count
                    guard pending.count >= after + 2 else {
                        // Its end is in the next chunk: what comes before it is the part's.
                        if state == .body { try take(pending[start..<found], write: write) }
                        start = found
                        return
                    }
                    if state == .body {
                        try take(pending[start..<found], write: write)
                        try endPart()
                    }
                    if pending[after] == UInt8(ascii: "-") && pending[after + 1] == UInt8(ascii: "-") {
                        state = .done
                        start = pending.count
                        return
                    }
                    guard pending[after] == 0x0D && pending[after + 1] == 0x0A else { throw Failure.malformed("a boundary is not followed by a line break") }
                    start = after + 2
                    state = .headers
                case .headers:
                    guard let end = Self.find(Array("\r\n\r\n".utf8), in: pending, from: start) else {
                        guard pending.count - start <= 16_384 else { throw Failure.malformed("a part's headers are over 16 KiB") }
                        return
                    }
                    try beginPart(headers: String(decoding: pending[start..<end], as: UTF8.self))
                    if isFile && !accept(upload.fields) { throw Failure.refused }
                    // The body follows the blank line; the CRLF before the next delimiter is the delimiter's.
                    start = end + 4
                    state = .body
                case .done:
                    return
                }
            }
        }

        private mutating func take(_ bytes: ArraySlice<UInt8>, write: (UnsafeRawBufferPointer) throws -> Void) throws {
            guard !bytes.isEmpty else { return }
            if isFile {
                upload.fileBytes += bytes.count
                try bytes.withUnsafeBytes { try write($0) }
            } else {
                text.append(contentsOf: bytes)
                guard text.count <= 4096 else { throw Failure.malformed("the field '\(name)' is over 4 KiB") }
            }
        }

        private mutating func beginPart(headers: String) throws {
            name = ""
            var fileName: String?
            for line in headers.split(separator: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
                name = Self.parameter("name", in: line) ?? ""
                fileName = Self.parameter("filename", in: line)
            }
            guard !name.isEmpty else { throw Failure.malformed("a part has no name") }
            isFile = name == fileField
            guard isFile || upload.fields.count < 16 else { throw Failure.malformed("the form has more than 16 fields") }
            if isFile {
                guard upload.fileName == nil else { throw Failure.malformed("more than one file was sent; send one") }
                upload.fileName = fileName ?? ""
            }
            text = []
        }

        private mutating func endPart() throws {
            if !isFile { upload.fields[name] = String(decoding: text, as: UTF8.self) }
        }

        /// `name="value"` of a Content-Disposition line.
        private static func parameter(_ key: String, in line: Substring) -> String? {
            for piece in line.split(separator: ";").dropFirst() {
                let pair = piece.split(separator: "=", maxSplits: 1)
                guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == key else { continue }
                var value = pair[1].trimmingCharacters(in: .whitespaces)
                if value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 { value = String(value.dropFirst().dropLast()) }
                return value
            }
            return nil
        }

        /// Where `needle` starts in `haystack` from `start`: `memchr` finds each candidate first byte.
        private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
            guard haystack.count - start >= needle.count, let first = needle.first else { return nil }
            return haystack.withUnsafeBytes { hay in
                needle.withUnsafeBytes { pin in
                    let base = hay.baseAddress!
                    var position = start
                    while position <= hay.count - pin.count {
                        guard let found = memchr(base + position, Int32(first), hay.count - pin.count + 1 - position) else { return nil }
                        position = base.distance(to: UnsafeRawPointer(found))
                        if memcmp(base + position, pin.baseAddress!, pin.count) == 0 { return position }
                        position += 1
                    }
                    return nil
                }
            }
        }
    }
}

/// How fast an upload must come: at least ``minimumBytes`` in every ``window``, so that a client
/// dripping a byte a second cannot hold a job folder and its file for ever (one that sends
/// nothing at all is closed by the server's idle timeout). Times are given, never read.
struct UploadPace<Instant: InstantProtocol<Duration>> {
    static var window: Duration { .seconds(30) }
    static var minimumBytes: Int { 32 << 10 }

    private var windowStart: Instant
    private var bytesInWindow = 0

    init(start: Instant) {
        windowStart = start
    }

    /// `count` bytes came at `now`: false when the window before them brought too few.
    mutating func received(_ count: Int, at now: Instant) -> Bool {
        if windowStart.duration(to: now) >= Self.window {
            guard bytesInWindow >= Self.minimumBytes else { return false }
            windowStart = now
            bytesInWindow = 0
        }
        bytesInWindow += count
        return true
    }
}
