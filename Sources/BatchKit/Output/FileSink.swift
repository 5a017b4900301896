#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file written through a 64 KiB buffer with plain `write(2)` calls.
///
/// A file it creates is owner-only (0600), because reports and exports hold personal data; an
/// existing file, device or FIFO keeps its mode (it is not ours to change); `-` is standard output.
public final class FileSink {
    public let path: String
    private let descriptor: Int32
    /// Bytes not yet written; writers append to it directly and call ``flushIfFull()``.
    @exclusivity(unchecked) var buffer = ByteStore(capacity: (1 << 16) + 4096)
    private let capacity = 1 << 16
    /// Sees every byte on its way to the file, in order (e.g. to hash the file as it is written).
    public var observer: ((UnsafeRawBufferPointer) -> Void)?

    /// Creates `path` readable and writable by its owner only, or truncates it when it exists
    /// (a device or FIFO is written as a stream); with `append`, an existing file is kept and
    /// written on at its end. A folder is refused.
    public init(path: String, append: Bool = false) throws(OutputError) {
        self.path = path
        if path == "-" {
            descriptor = 1
        } else {
            var opened = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if opened < 0 && errno == EEXIST {
                opened = open(path, O_WRONLY | O_CLOEXEC | (append ? O_APPEND : O_TRUNC))
            }
            guard opened >= 0 else { throw OutputError(path: path, reason: errno) }
            descriptor = opened
        }
    }

    /// Whether the sink writes to a regular file (not a device, a FIFO or standard output): only
    /// such a file may be removed or renamed.
    public var isRegularFile: Bool {
        var status = stat()
        return descriptor > 2 && fstat(descriptor, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
    }

    deinit {
        try? flush()
        if descriptor > 1 { close(descriptor) }
    }

    /// Appends bytes, writing the buffer out whenever it fills.
    public func write(_ bytes: some Collection<UInt8>) throws(OutputError) {
        buffer.append(contentsOf: bytes)
        try flushIfFull()
    }

    /// Writes the buffer out once it holds 64 KiB or more.
    @inline(__always)
    func flushIfFull() throws(OutputError) {
        if buffer.count >= capacity { try flush() }
    }

    /// Writes out everything buffered so far.
    public func flush() throws(OutputError) {
        if let observer { buffer.withUnsafeBytes(observer) }
        var written = 0
        while written < buffer.count {
            let count = buffer.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                throw OutputError(path: path, reason: errno)
            }
            written += count
        }
        buffer.removeAll()
    }

    /// Writes out everything buffered and waits until the disk has it (`fsync`).
    public func sync() throws(OutputError) {
        try flush()
        guard fsync(descriptor) == 0 || descriptor <= 2 else { throw OutputError(path: path, reason: errno) }
    }
}

/// Writing an output file failed (disk full, no permission, …): a job-fatal error.
public struct OutputError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    init(path: String, reason: Int32) {
        self.init(path: path, message: String(cString: strerror(reason)))
    }

    public var description: String { "\(path): cannot write: \(message)" }
}
