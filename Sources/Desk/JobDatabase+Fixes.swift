import Foundation
import GRDB

/// A row fixed in the desk's page: its cells as fixed (in the file's column order), who fixed it
/// and when. The journal of a job: the upload is never changed; its rows are read through the
/// latest fix of each line.
struct FixRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "fix"

    var job: String
    var line: Int
    /// The row's cells as JSON: `["ann@example.com","Utrecht"]`.
    var cells: String
    var who: String
    var at: Date
}

extension JobDatabase {
    static func registerFixes(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("fixes") { db in
            try db.create(table: FixRecord.databaseTableName) { table in
                table.autoIncrementedPrimaryKey("number")
                table.column("job", .text).notNull().indexed()
                table.column("line", .integer).notNull()
                table.column("cells", .text).notNull()
                table.column("who", .text).notNull()
                table.column("at", .datetime).notNull()
            }
        }
    }

    /// Records a fix of line `line` of job `job` by the person asking (``SignedIn``). Blocking.
    func addFix(job: String, line: Int, cells: [String]) throws -> FixRecord {
        let text = String(decoding: try JSONEncoder().encode(cells), as: UTF8.self)
        let record = FixRecord(job: job, line: line, cells: text, who: SignedIn.name, at: Date())
        try queue.write { try record.insert($0) }
        return record
    }

    /// The rows of job `job` as fixed: each line's latest fix. Blocking.
    func fixedRows(job: String) throws -> [Int: [String]] {
        let records = try queue.read { try FixRecord.filter(Column("job") == job).order(Column("number")).fetchAll($0) }
        var rows: [Int: [String]] = [:]
        for record in records {
            rows[record.line] = (try? JSONDecoder().decode([String].self, from: Data(record.cells.utf8))) ?? rows[record.line]
        }
        return rows
    }

    func forgetFixes(job: String) throws {
        _ = try queue.write { try FixRecord.filter(Column("job") == job).deleteAll($0) }
    }
}
