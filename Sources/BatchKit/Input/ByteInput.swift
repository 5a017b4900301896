#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file (or standard input, as `-`) read with plain `read(2)` calls into a caller's buffer.
final class ByteInput {
    let path: String
    private let descriptor: Int32
    /// Bytes handed out so far.
    private(set) var bytesRead = 0
    /// Size of the file when known (not for pipes), for progress estimates.
    let size: Int?

    init(path: String) throws(InputError) {
        self.path = path
        if path == "-" {
            descriptor = 0
        } else {
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw InputError(path: path, message: "cannot open: \(String(cString: strerror(errno)))")
            }
        }
        var info = stat()
        if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
            size = Int(info.st_size)
        } else if path != "-", fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            throw InputError(path: path, message: "is a folder, not a file")
        } else {
            size = nil
        }
    }

    deinit {
        if descriptor > 0 { close(descriptor) }
    }

    /// Fills `buffer` with up to its count of bytes; returns how many (0 at end of file).
    func readChunk(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        while true {
            let count = read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 {
                bytesRead += count
                return count
            }
            if errno == EINTR { continue }
            throw InputError(path: path, message: "read failed: \(String(cString: strerror(errno)))")
        }
    }
}
