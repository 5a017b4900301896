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
    /// A fix made after the job ran, whose row is to be sent again (``JobDatabase/fixesToSend(job:)``).
    var toSend = false
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

    /// Fixes made after a run, to send again: a migration of its own, after those made before it.
    static func registerFixesToSend(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("fixesToSend") { db in
            try db.alter(table: FixRecord.databaseTableName) { $0.add(column: "toSend", .boolean).notNull().defaults(to: false) }
        }
    }

    /// Records a fix of line `line` of job `job` by the person asking (``SignedIn``); `toSend`: made
    /// after the job ran, its row to be sent again. Blocking.
    func addFix(job: String, line: Int, cells: [String], toSend: Bool = false) throws -> FixRecord {
        let text = String(decoding: try JSONEncoder().encode(cells), as: UTF8.self)
        let record = FixRecord(job: job, line: line, cells: text, who: SignedIn.name, at: Date(), toSend: toSend)
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

    /// The lines of job `job` fixed after its run and not sent again yet. Blocking.
    func fixesToSend(job: String) throws -> Set<Int> {
        let lines = try queue.read {
            try Int.fetchAll($0, FixRecord.select(Column("line")).filter(Column("job") == job && Column("toSend") == true))
        }
        return Set(lines)
    }

    /// Marks the fixes of `lines` of job `job` as sent again. Blocking.
    func sentFixes(job: String, lines: Set<Int>) throws {
        _ = try queue.write {
            try FixRecord.filter(Column("job") == job && lines.contains(Column("line"))).updateAll($0, Column("toSend").set(to: false))
        }
    }

    func forgetFixes(job: String) throws {
        _ = try queue.write { try FixRecord.filter(Column("job") == job).deleteAll($0) }
    }
}
