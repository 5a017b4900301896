import MultipartKit
import NIOCore

/// Reads a `multipart/form-data` body as it streams in, with multipart-kit's parser: its small
/// text fields into memory, and its one file part straight into a file, so that an upload is
/// never whole in memory.
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
            let value =
                pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"") && pair[1].count >= 2 ? String(pair[1].dropFirst().dropLast()) : pair[1]
            return (1...70).contains(value.utf8.count) ? value : nil
        }
        return nil
    }

    /// Reads `body`, writing the part named `fileField` to `write`, at most `limit` bytes in all,
    /// at the pace ``UploadPace`` asks on `clock`. `accept` is asked, with the fields read so far,
    /// before the file part's first byte is written: false refuses the upload there.
    static func read<C: Clock<Duration>>(
        _ body: some AsyncSequence<ByteBuffer, any Error>, boundary: String, fileField: String, limit: Int,
        clock: C, accept: ([String: String]) -> Bool,
        write: (UnsafeRawBufferPointer) throws -> Void
    ) async throws -> MultipartUpload {
        let parser = MultipartParser(boundary: boundary)
        let events = PartEvents()
        parser.onHeader = { events.list.append(.header($0, $1)) }
        parser.onBody = { events.list.append(.body($0)) }
        parser.onPartComplete = { events.list.append(.complete) }
        var parts = Parts(fileField: fileField)
        var pace = UploadPace(start: clock.now)
        var total = 0
        var tail = ByteBuffer()
        for try await buffer in body {
            total += buffer.readableBytes
            guard total <= limit else { throw Failure.tooLarge }
            guard pace.received(buffer.readableBytes, at: clock.now) else { throw Failure.tooSlow }
            do {
                try parser.execute(buffer)
            } catch {
                throw Failure.malformed("the form's body does not follow the rules of multipart/form-data")
            }
            for event in events.list { try parts.take(event, accept: accept, write: write) }
            events.list.removeAll(keepingCapacity: true)
            tail.writeImmutableBuffer(buffer)
            if tail.readableBytes > 256 { tail = tail.getSlice(at: tail.readerIndex + tail.readableBytes - 256, length: 256)! }
        }
        // The last part ended with the closing delimiter, `--boundary--`.
        guard parts.lastWasComplete, String(buffer: tail).contains("--\(boundary)--") else {
            throw Failure.malformed("the upload ended before its last boundary; send the file again")
        }
        return parts.upload
    }

    /// What the parser said, in order, for one chunk of the body.
    private enum PartEvent {
        case header(String, String)
        case body(ByteBuffer)
        case complete
    }

    /// The parser's callbacks collect its events here; ``read`` takes them after each chunk.
    private final class PartEvents {
        var list: [PartEvent] = []
    }

    /// The parts read so far and the one in progress.
    private struct Parts {
        let fileField: String
        var upload = MultipartUpload()
        var headers: [(String, String)] = []
        var headerBytes = 0
        /// The part in progress, once its headers are over: its name, whether it is the file, its text so far.
        var current: (name: String, isFile: Bool)?
        var text: [UInt8] = []
        var lastWasComplete = false

        mutating func take(_ event: PartEvent, accept: ([String: String]) -> Bool, write: (UnsafeRawBufferPointer) throws -> Void) throws {
            lastWasComplete = false
            switch event {
            case .header(let name, let value):
                headerBytes += name.utf8.count + value.utf8.count
                guard headerBytes <= 16_384 else { throw Failure.malformed("a part's headers are over 16 KiB") }
                headers.append((name, value))
            case .body(let buffer):
                let part = try begin(accept: accept)
                if part.isFile {
                    upload.fileBytes += buffer.readableBytes
                    try buffer.withUnsafeReadableBytes { try write($0) }
                } else {
                    text.append(contentsOf: buffer.readableBytesView)
                    guard text.count <= 4096 else { throw Failure.malformed("the field '\(part.name)' is over 4 KiB") }
                }
            case .complete:
                let part = try begin(accept: accept)
                if !part.isFile { upload.fields[part.name] = String(decoding: text, as: UTF8.self) }
                current = nil
                headers = []
                headerBytes = 0
                text = []
                lastWasComplete = true
            }
        }

        /// The part in progress, begun with its first byte (or its end): named by its
        /// `Content-Disposition`; the file part only once `accept` allows it.
        private mutating func begin(accept: ([String: String]) -> Bool) throws -> (name: String, isFile: Bool) {
            if let current { return current }
            let disposition = headers.last { $0.0.lowercased() == "content-disposition" }.map { ContentDisposition($0.1) }
            guard let name = disposition?.name, !name.isEmpty else { throw Failure.malformed("a part has no name") }
            let isFile = name == fileField
            if isFile {
                guard upload.fileName == nil else { throw Failure.malformed("more than one file was sent; send one") }
                guard accept(upload.fields) else { throw Failure.refused }
                upload.fileName = disposition?.fileName ?? ""
            } else {
                guard upload.fields.count < 16 else { throw Failure.malformed("the form has more than 16 fields") }
            }
            current = (name, isFile)
            return (name, isFile)
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
