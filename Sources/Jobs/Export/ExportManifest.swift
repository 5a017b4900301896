import BatchKit
import Crypto
import Foundation
import TextFormats

/// `PATH.manifest.json`: what an export holds, to reconcile against.
struct ExportManifest: Encodable {
    struct Filters: Encodable {
        var createdFrom: String?
        var createdBefore: String?
        var status: String?
        var referringContact: String?
        var type: String?
        var shop: String?
        var contact: String?
        var columns: [String]
    }

    /// A transactions export's books: its rows, the sum of their credits, and both by type.
    struct Totals: Encodable {
        var rows: Int
        var credits: Int
        var byType: [String: TransactionTotals.TypeTotal]
    }

    var entity: String
    var output: String
    var format: String
    var filters: Filters
    var rows: Int
    var pages: Int
    var duplicatesLeftOut: Int
    /// Transactions: what Leat said the window holds (`meta.total`), which the rows were counted against.
    var listTotal: Int?
    var totals: Totals?
    /// Columns left out on purpose (login links and codes) and how to bring one back.
    var columnsLeftOut: ColumnsLeftOut?

    struct ColumnsLeftOut: Encodable {
        var columns: [String]
        var why = "login links and codes: secrets that change with every answer; name one in \(Setting.columns.mention()) to export it"
    }

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
}

/// The SHA-256 of what a sink writes, computed as the bytes go out (no second read of the file).
package final class WrittenDigest {
    private var hash = SHA256()

    init(of sink: FileSink) {
        sink.observer = { [weak self] bytes in self?.hash.update(bufferPointer: bytes) }
    }

    /// The digest in hex; call once the sink has been flushed for the last time.
    var hex: String { Self.hex(hash.finalize()) }

    /// The digest of a file written by other means (a workbook), read back in 1 MiB pieces.
    package static func hex(ofFile path: String) throws(OutputError) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw OutputError(path: path, message: "cannot be read back for its digest")
        }
        defer { try? handle.close() }
        var hash = SHA256()
        do {
            // A read that fails is an error, not the end of the file: the digest would be wrong.
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hash.update(data: chunk) }
        } catch {
            throw OutputError(path: path, message: "cannot be read back for its digest: \(error.localizedDescription)")
        }
        return hex(hash.finalize())
    }

    private static func hex(_ digest: SHA256.Digest) -> String { Hex.lower(digest) }
}
