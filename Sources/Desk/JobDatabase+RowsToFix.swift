import BatchKit
import Foundation
import GRDB
import Jobs

/// A failed row of a job's report, as the pages of rows to fix show it.
struct RowToFixRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "rowToFix"

    var job: String
    /// The report it is from: `check.csv` (the check) or `report.csv` (the run).
    var report: String
    var line: Int
    var code: String
    var message: String
    /// The typed problem as JSON, which the page words in the person's language; nil for a row
    /// read back from a report (only its English message is kept there).
    var problem: String? = nil

    /// The row's problem in the request's language (``ProblemWords``), or its message as the report has it.
    var words: String {
        guard let problem, let typed = try? JSONDecoder().decode(Problem.self, from: Data(problem.utf8)) else { return message }
        return ProblemWords.say(typed)
    }
}

extension RowToFixRecord {
    /// Row `line` of `report`, to fix for `problem`: its code and English words as the report has
    /// them, the problem itself kept typed.
    init(job: String, report: String, line: Int, code: String, message: String, typed problem: Problem?) {
        let typed = problem.flatMap { try? JSONEncoder().encode($0) }.map { String(decoding: $0, as: UTF8.self) }
        self.init(job: job, report: report, line: line, code: code, message: message, problem: typed)
    }
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

    /// The typed problem of a row to fix, for its words in the person's language: a migration
    /// of its own, after those made before it.
    static func registerRowsToFixProblem(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("rowsToFixProblem") { db in
            try db.alter(table: RowToFixRecord.databaseTableName) { $0.add(column: "problem", .text) }
        }
    }

    /// Adds rows to fix of job `job`'s report `name` as its run publishes them (``JobHandle/outcomes``).
    /// Blocking, as all of the database: call it off the server's threads.
    func addRowsToFix(job: String, report name: String, _ outcomes: [RowOutcome]) throws {
        try queue.write { db in
            for outcome in outcomes where !outcome.ok {
                let line = outcome.reportLine
                try RowToFixRecord(
                    job: job, report: name, line: line.line, code: line.errorCode, message: line.errorMessage, typed: outcome.problem
                ).save(db)
            }
        }
    }

    /// The rows to fix of job `job`'s report `name` are all there is, for the report as it is now
    /// (its run is over): a page reads them from here and never reads the report.
    func keepReport(job: String, report name: String, folder: String) throws {
        let modified = Self.modified(folder + "/" + name)
        try queue.write { try KeptReport(job: job, report: name, modified: modified).save($0) }
    }

    /// How many rows job `job`'s report `name` (in `folder`) has to fix, and those of `range`
    /// (given that count), in line order. Blocking.
    func rowsToFix(job: String, report name: String, folder: String, range: (Int) -> Range<Int>) throws -> (
        count: Int, rows: [RowToFixRecord]
    ) {
        let mine = try keptCurrent(job: job, report: name, folder: folder)
        return try queue.read { db in
            let count = try RowToFixRecord.filter(mine).fetchCount(db)
            let wanted = range(count)
            let rows = try RowToFixRecord.filter(mine).order(Column("line")).limit(wanted.count, offset: wanted.lowerBound).fetchAll(db)
            return (count, rows)
        }
    }

    /// Line `line` of job `job`'s report `name` (in `folder`) as a row to fix; nil when it is none.
    /// Blocking.
    func rowToFix(job: String, report name: String, folder: String, line: Int) throws -> RowToFixRecord? {
        let mine = try keptCurrent(job: job, report: name, folder: folder)
        return try queue.read { try RowToFixRecord.filter(mine && Column("line") == line).fetchOne($0) }
    }

    /// The rows to fix of job `job`'s report `name` as the report is now: a run's sink keeps them
    /// as the run goes; the report is read only when it changed since (a run the desk did not see
    /// to its end: a restart). The filter of those rows.
    private func keptCurrent(job: String, report name: String, folder: String) throws -> SQLExpression {
        let path = folder + "/" + name
        let modified = Self.modified(path)
        let mine = Column("job") == job && Column("report") == name
        let kept = try queue.read { try KeptReport.filter(mine).fetchOne($0) }
        guard kept?.modified != modified else { return mine }
        let failures = try ResumeLedger.load(reportPath: path).failures
        try queue.write { db in
            try RowToFixRecord.filter(mine).deleteAll(db)
            for (line, problem) in failures {
                try RowToFixRecord(job: job, report: name, line: line, code: problem.code, message: problem.message).insert(db)
            }
            try KeptReport(job: job, report: name, modified: modified).save(db)
        }
        return mine
    }

    /// A file's modification time in milliseconds since 1970 (a time given back to a file as a
    /// `Date` keeps no more); 0 when there is no such file.
    private static func modified(_ path: String) -> Double {
        let seconds = ((try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate]) as? Date)?.timeIntervalSince1970 ?? 0
        return (seconds * 1000).rounded()
    }

    /// Line `line` of job `job`'s report `name` is to fix for `problem`, or (nil) no longer. Blocking.
    func setRowToFix(job: String, report name: String, line: Int, problem: Problem?) throws {
        try queue.write { db in
            guard let problem else {
                try RowToFixRecord.filter(Column("job") == job && Column("report") == name && Column("line") == line).deleteAll(db)
                return
            }
            try RowToFixRecord(job: job, report: name, line: line, code: problem.code, message: problem.words, typed: problem).save(db)
        }
    }

    /// Forgets what job `job`'s runs published (of one report, or of all): its rows to fix and
    /// the notes of its rows that went (``RowNoteRecord``).
    func forgetRowsToFix(job: String, report: String? = nil) throws {
        try queue.write { db in
            let mine = report.map { Column("job") == job && Column("report") == $0 } ?? (Column("job") == job)
            try RowToFixRecord.filter(mine).deleteAll(db)
            try KeptReport.filter(mine).deleteAll(db)
            try RowNoteRecord.filter(mine).deleteAll(db)
        }
    }
}
