import BatchKit
import Foundation
import NIOPosix

/// The job folders of the data directory: `jobs/<id>/`, owner-only, each holding the upload as
/// `upload.<csv|ndjson|xlsx>` (0600) and `name.txt`, the file name the browser gave. The browser's
/// name is shown, never used as a path: ids are generated, 32 hex digits.
struct UploadStore: Sendable {
    let root: String

    /// Extensions the desk reads, as the upload's file is named.
    static let extensions = [
        "csv": "csv", "txt": "csv", "tsv": "csv", "ndjson": "ndjson", "jsonl": "ndjson", "xlsx": "xlsx", "xlsm": "xlsx",
    ]

    init(dataDirectory: String) throws {
        root = dataDirectory + "/jobs"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    /// A new, empty job folder.
    func makeJob() throws -> String {
        var generator = SystemRandomNumberGenerator()
        let id = (0..<4).map { _ in String(generator.next() as UInt32, radix: 16).leftPadded(to: 8) }.joined()
        try FileManager.default.createDirectory(
            atPath: folder(id), withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        return id
    }

    /// The folder of job `id`, or nil when `id` is not one this store makes.
    func existingFolder(_ id: String) -> String? {
        guard id.count == 32, id.allSatisfy(\.isHexDigit) else { return nil }
        let path = folder(id)
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    func folder(_ id: String) -> String { root + "/" + id }

    /// The upload of the job in `folder`, whatever its format.
    func upload(in folder: String) -> String? {
        Set(Self.extensions.values).map { folder + "/upload." + $0 }.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// The file name the browser gave the upload of the job in `folder`, cleaned (``cleanName(_:)``).
    func originalName(in folder: String) -> String {
        (try? String(contentsOfFile: folder + "/name.txt", encoding: .utf8)).map(Self.cleanName) ?? "upload"
    }

    /// `name` without control characters (line breaks, tabs, bidirectional overrides) and at most
    /// 200 characters: a name is written into pages, job files and file names, where a line break
    /// would start a line of its own (a key of a job file).
    static func cleanName(_ name: String) -> String {
        let kept = name.unicodeScalars.filter { scalar in
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator: false
            default: true
            }
        }
        return String(String(String.UnicodeScalarView(kept)).trimmingCharacters(in: .whitespaces).prefix(200))
    }

    /// Waits until the disk holds the file at `path` (`fsync`), on NIO's thread pool.
    static func sync(_ path: String) async throws {
        try await NIOThreadPool.singleton.runIfActive {
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw OutputError(path: path, message: String(cString: strerror(errno))) }
            defer { close(descriptor) }
            guard fsync(descriptor) == 0 else { throw OutputError(path: path, message: String(cString: strerror(errno))) }
        }
    }

    func remove(_ id: String) {
        try? FileManager.default.removeItem(atPath: folder(id))
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        String(repeating: "0", count: max(0, length - count)) + self
    }
}
