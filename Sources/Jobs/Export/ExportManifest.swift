import BatchKit
import Crypto
import Foundation

/// `PATH.manifest.json`: what an export holds, to reconcile against.
struct ExportManifest: Encodable {
    struct Filters: Encodable {
        var createdFrom: String?
        var createdBefore: String?
        var status: String?
        var referringContact: String?
        var columns: [String]
    }

    var entity: String
    var output: String
    var format: String
    var filters: Filters
    var rows: Int
    var pages: Int
    var duplicatesLeftOut: Int
    var sha256: String
    var startedAt: Date
    var finishedAt: Date
    var toolVersion: String
    var warnings: [String]

    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try AtomicFile.write(try encoder.encode(self) + Data("\n".utf8), to: path)
    }

    /// The SHA-256 of the file at `path`, in hex.
    static func sha256(ofFile path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw InputError(path: path, message: "cannot open to hash it") }
        defer { try? handle.close() }
        var hash = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hash.update(data: chunk)
        }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
