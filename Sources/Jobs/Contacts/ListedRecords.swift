import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `--changed-only` keeps of each listed contact on disk rather than in memory: its uuid and
/// the text of the mapped attributes' values as Leat holds them, for the report line
/// (`city: 'Utrecht' → 'Amersfoort'`). The ``ContactIndex`` holds hashes and one ``Place`` a
/// contact; this file holds the text.
///
/// One temporary file, unlinked as soon as it is made: it goes with the process, however that
/// ends, and with this object. Records are appended (buffered, 1 MiB at a time) while the pages
/// come and when a row writes new values; any task reads any record.
final class ListedRecords: Sendable {
    /// Where a record is: its offset (40 bits) and length (24 bits) in one word, 8 bytes an entry.
    struct Place: Sendable, Equatable {
        fileprivate let packed: UInt64

        /// No record: a free entry of the index.
        static let none = Place(packed: 0)
    }

    /// A contact as listed.
    struct Record: Sendable, Equatable {
        var uuid: UUID
        /// The mapped attributes' values, in the index's order (each cut at 4 KiB: this is for reading).
        var values: [String]
    }

    /// A record that could not be written: the temporary file's disk is full, or unwritable.
    struct WriteError: Error, CustomStringConvertible {
        var description: String
    }

    private struct State {
        /// Bytes appended but not yet written, from offset `written`.
        var buffer: [UInt8] = []
        var written: UInt64 = 0
    }

    private let descriptor: Int32
    private let state = Mutex(State())
    private static let flushAt = 1 << 20
    private static let valueCap = 4096

    /// Makes the file in `directory` (the system's temporary directory unless said).
    init(directory: String = NSTemporaryDirectory()) throws(WriteError) {
        var template =
            Array((directory.hasSuffix("/") ? directory : directory + "/").utf8CString.dropLast())
            + Array("loyalty-batch-listing-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw WriteError(
                description:
                    "could not make a temporary file in \(directory): \(String(cString: strerror(errno))); set TMPDIR to a writable directory"
            )
        }
        _ = template.withUnsafeBufferPointer { unlink($0.baseAddress!) }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Appends a contact's record.
    func append(uuid: UUID, values: [String]) throws(WriteError) -> Place {
        var bytes: [UInt8] = []
        withUnsafeBytes(of: uuid.uuid) { bytes.append(contentsOf: $0) }
        for value in values {
            let text = value.utf8.prefix(Self.valueCap)
            bytes.append(UInt8(text.count & 0xFF))
            bytes.append(UInt8(text.count >> 8))
            bytes.append(contentsOf: text)
        }
        return try state.withLock { state throws(WriteError) in
            let offset = state.written + UInt64(state.buffer.count)
            guard offset < 1 << 40, bytes.count < 1 << 24 else {
                throw WriteError(description: "the listing's temporary file passed 1 TiB, or a contact's values 16 MiB")
            }
            state.buffer.append(contentsOf: bytes)
            if state.buffer.count >= Self.flushAt { try flush(&state) }
            return Place(packed: offset << 24 | UInt64(bytes.count))
        }
    }

    /// The record at `place`; nil if it cannot be read back (then the row goes the full way).
    func read(_ place: Place, count: Int) -> Record? {
        let offset = place.packed >> 24
        let length = Int(place.packed & 0xFF_FFFF)
        let bytes: [UInt8]? = state.withLock { state in
            if offset >= state.written {
                let start = Int(offset - state.written)
                return Array(state.buffer[start..<start + length])
            }
            var bytes = [UInt8](repeating: 0, count: length)
            let read = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, length, off_t(offset)) }
            return read == length ? bytes : nil
        }
        guard let bytes, bytes.count >= 16 else { return nil }
        let uuid = bytes.withUnsafeBytes { UUID(uuid: $0.loadUnaligned(as: uuid_t.self)) }
        var values: [String] = []
        var at = 16
        while values.count < count, at + 2 <= bytes.count {
            let length = Int(bytes[at]) | Int(bytes[at + 1]) << 8
            guard at + 2 + length <= bytes.count else { return nil }
            values.append(String(decoding: bytes[at + 2..<at + 2 + length], as: UTF8.self))
            at += 2 + length
        }
        return values.count == count ? Record(uuid: uuid, values: values) : nil
    }

    /// Writes what is buffered, so that reads come from the file.
    func flush() throws(WriteError) {
        try state.withLock { state throws(WriteError) in try flush(&state) }
    }

    private func flush(_ state: inout State) throws(WriteError) {
        var done = 0
        while done < state.buffer.count {
            let wrote = state.buffer.withUnsafeBytes {
                pwrite(descriptor, $0.baseAddress! + done, $0.count - done, off_t(state.written) + off_t(done))
            }
            guard wrote > 0 else {
                throw WriteError(
                    description:
                        "writing the listing's temporary file failed: \(String(cString: strerror(errno))); set TMPDIR to a directory with room"
                )
            }
            done += wrote
        }
        state.written += UInt64(done)
        state.buffer.removeAll(keepingCapacity: true)
    }
}
