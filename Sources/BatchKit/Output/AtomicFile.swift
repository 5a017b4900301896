import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file that appears whole or not at all: written to a temporary file in the target's folder,
/// synced to disk, then renamed over the target. Until ``commit()``, an earlier file at the target
/// is untouched; ``discard()`` leaves it so, and the temporary file a crash left is removed by the
/// next run for the same target. A target that is a device or a FIFO (`/dev/stdout`, a pipe) is
/// written to as a stream instead, never replaced; a folder is refused.
package final class AtomicFile {
    package let path: String
    /// Where the bytes go until the commit.
    package let temporaryPath: String
    package let sink: FileSink

    /// Opens the temporary file beside `path` (owner-only).
    package init(path: String) throws(OutputError) {
        self.path = path
        var status = stat()
        if stat(path, &status) == 0 && status.st_mode & S_IFMT != S_IFREG {
            guard status.st_mode & S_IFMT != S_IFDIR else {
                throw OutputError(path: path, message: "is a folder; give the path of a file in it")
            }
            temporaryPath = path
            sink = try FileSink(path: path)
            return
        }
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let prefix = ".\(url.lastPathComponent).partial-"
        Self.removeStalePartials(in: folder, prefix: prefix)
        temporaryPath = folder + "/" + prefix + String(getpid())
        sink = try FileSink(path: temporaryPath)
    }

    /// Whether the target is written as a stream (a device or FIFO), not replaced.
    package var isStream: Bool { temporaryPath == path }

    /// Removes the temporary files of earlier runs for the same target whose process is gone
    /// (killed before they could commit or discard).
    private static func removeStalePartials(in folder: String, prefix: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) {
            guard let pid = pid_t(name.dropFirst(prefix.count)), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            unlink(folder + "/" + name)
        }
    }

    /// Syncs the temporary file and renames it over the target.
    package func commit() throws(OutputError) {
        guard !isStream else { return try sink.flush() }
        try sink.sync()
        guard rename(temporaryPath, path) == 0 else { throw OutputError(path: path, reason: errno) }
        let folder = open(URL(fileURLWithPath: path).deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
    }

    /// Removes the temporary file; the target stays as it was.
    package func discard() {
        guard !isStream else { return }
        unlink(temporaryPath)
    }

    /// Writes `data` to `path` atomically.
    package static func write(_ data: Data, to path: String) throws(OutputError) {
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
