import BatchKit
import Foundation
import GRDB

/// A failed row of a job's report, as the pages of rows to fix show it.
struct RowToFixRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "rowToFix"

    var job: String
    /// The report it is from: `check.csv` (the check) or `report.csv` (the run).
    var report: String
    var line: Int
    var code: String
    var message: String
}

/// Which report's rows to fix the database holds, as the report was when they were read.
private struct KeptReport: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "keptReport"

    var job: String
    var report: String
    /// The report's modification time, in milliseconds since 1970.
    var modified: Double
}

extension JobDatabase {
    static func registerRowsToFix(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("rowsToFix") { db in
            try db.create(table: RowToFixRecord.databaseTableName) { table in
                table.column("job", .text).notNull()
                table.column("report", .text).notNull()
                table.column("line", .integer).notNull()
                table.column("code", .text).notNull()
                table.column("message", .text).notNull()
                table.primaryKey(["job", "report", "line"])
            }
            try db.create(table: KeptReport.databaseTableName) { table in
                table.column("job", .text).notNull()
                table.column("report", .text).notNull()
                table.column("modified", .double).notNull()
                table.primaryKey(["job", "report"])
            }
        }
    }

    /// How many rows job `job`'s report `name` (in `folder`) has to fix, and those of `range`
    /// (given that count), in line order. The report is read once, and again only when it
    /// changed (a resumed run); a page reads its rows from the database. Blocking: call it off
    /// the server's threads.
    func rowsToFix(job: String, report name: String, folder: String, range: (Int) -> Range<Int>) throws -> (
        count: Int, rows: [RowToFixRecord]
    ) {
        let path = folder + "/" + name
        // In milliseconds: a time given back to a file as a `Date` keeps no more.
        let seconds = ((try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate]) as? Date)?.timeIntervalSince1970 ?? 0
        let modified = (seconds * 1000).rounded()
        let mine = Column("job") == job && Column("report") == name
        let kept = try queue.read { try KeptReport.filter(mine).fetchOne($0) }
        if kept?.modified != modified {
            let failures = try ResumeLedger.load(reportPath: path).failures
            try queue.write { db in
                try RowToFixRecord.filter(mine).deleteAll(db)
                for (line, problem) in failures {
                    try RowToFixRecord(job: job, report: name, line: line, code: problem.code, message: problem.message).insert(db)
                }
                try KeptReport(job: job, report: name, modified: modified).save(db)
            }
        }
        return try queue.read { db in
            let count = try RowToFixRecord.filter(mine).fetchCount(db)
            let wanted = range(count)
            let rows = try RowToFixRecord.filter(mine).order(Column("line")).limit(wanted.count, offset: wanted.lowerBound).fetchAll(db)
            return (count, rows)
        }
    }

    /// Forgets job `job`'s rows to fix (of one report, or all of them).
    func forgetRowsToFix(job: String, report: String? = nil) throws {
        try queue.write { db in
            let mine = report.map { Column("job") == job && Column("report") == $0 } ?? (Column("job") == job)
            try RowToFixRecord.filter(mine).deleteAll(db)
            try KeptReport.filter(mine).deleteAll(db)
        }
    }
}
