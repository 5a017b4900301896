import BatchKit
import Foundation

/// Paths and helpers shared by the BatchKit tests.
enum TestSupport {
    /// A fixture file's path.
    static func fixture(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)!.path
    }

    /// A new, empty temporary folder.
    static func temporaryFolder() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("loyalty-batch-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `bytes` to a new temporary file and returns its path.
    static func temporaryFile(_ bytes: [UInt8], name: String = "input.csv") -> String {
        let url = temporaryFolder().appendingPathComponent(name)
        try! Data(bytes).write(to: url)
        return url.path
    }

    /// Every row of a file, read with `options`.
    static func readAll(_ path: String, options: ReadOptions = ReadOptions()) throws -> (
        columns: [String], rows: [SourceRow], reader: any RowReader
    ) {
        let reader = try openRowReader(path: path, options: options)
        var rows: [SourceRow] = []
        while let row = try reader.next() { rows.append(row) }
        return (reader.columns, rows, reader)
    }

    /// The report a check wrote, as records (header excluded), read back with the project's reader.
    static func reportRecords(_ path: String) throws -> [[String]] {
        try readAll(path).rows.map(\.values)
    }
}
