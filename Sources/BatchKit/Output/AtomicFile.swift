#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A file that appears whole or not at all: written to a temporary file in the target's folder,
/// synced to disk, then renamed over the target. Until ``commit()``, an earlier file at the target
/// is untouched; ``discard()`` (or a crash) leaves it so.
public final class AtomicFile {
    public let path: String
    /// Where the bytes go until the commit.
    public let temporaryPath: String
    public let sink: FileSink

    /// Opens the temporary file beside `path` (owner-only).
    public init(path: String) throws(OutputError) {
        self.path = path
        let url = URL(fileURLWithPath: path)
        temporaryPath = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())").path
        sink = try FileSink(path: temporaryPath)
    }

    /// Syncs the temporary file and renames it over the target.
    public func commit() throws(OutputError) {
        try sink.sync()
        guard rename(temporaryPath, path) == 0 else { throw OutputError(path: path, reason: errno) }
        let folder = open(URL(fileURLWithPath: path).deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
    }

    /// Removes the temporary file; the target stays as it was.
    public func discard() {
        unlink(temporaryPath)
    }

    /// Writes `data` to `path` atomically.
    public static func write(_ data: Data, to path: String) throws(OutputError) {
        let file = try AtomicFile(path: path)
        do {
            try file.sink.write(data)
            try file.commit()
        } catch {
            file.discard()
            throw error
        }
    }
}
