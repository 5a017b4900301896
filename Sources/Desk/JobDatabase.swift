import Foundation
import GRDB

/// What a job of the desk is, as kept in its database: one row a job, so that the list of jobs,
/// who uploaded each and where each stands survive the server. The job's folder holds its files
/// (upload, report ledger, rows to fix, summary); the row holds its state and counts.
struct JobRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "job"

    /// Where a job stands, as the database keeps it. Waiting in line and the live progress are
    /// the running desk's own (``DeskRuns``): a job waiting when the desk stopped had sent nothing.
    enum State: String, Codable, Sendable {
        case uploaded, mapped, running, stopped, finished, failed
        /// Running when the desk stopped: its report is the ledger, Resume goes on from it.
        case interrupted
    }

    /// The kinds of job the desk runs.
    enum Kind: String, Codable, Sendable, CaseIterable {
        case contacts, invites, balances
    }

    var id: String
    var fileName: String
    var kind: Kind
    /// The signed-in user who uploaded the file (`local` when the desk has no sign-in).
    var who: String
    var uploaded: Date
    /// When it was first run (imported or sent), nil before.
    var started: Date?
    var state: State
    var rows = 0
    var ok = 0
    var failed = 0
}

/// The desk's SQLite database (`desk.sqlite` in the data directory), through GRDB.
struct JobDatabase: Sendable {
    let queue: DatabaseQueue

    /// Opens (or creates) the database in `dataDirectory`; a job that was running when the desk
    /// last stopped is marked ``JobRecord/State/interrupted``.
    init(dataDirectory: String) throws {
        queue = try DatabaseQueue(path: dataDirectory + "/desk.sqlite")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: dataDirectory + "/desk.sqlite")
        var migrator = DatabaseMigrator()
        migrator.registerMigration("jobs") { db in
            try db.create(table: JobRecord.databaseTableName) { table in
                table.primaryKey("id", .text)
                table.column("fileName", .text).notNull()
                table.column("kind", .text).notNull()
                table.column("who", .text).notNull()
                table.column("uploaded", .datetime).notNull()
                table.column("started", .datetime)
                table.column("state", .text).notNull()
                table.column("rows", .integer).notNull()
                table.column("ok", .integer).notNull()
                table.column("failed", .integer).notNull()
            }
        }
        migrator.registerMigration("actions") { db in
            try db.create(table: JobAction.databaseTableName) { table in
                table.autoIncrementedPrimaryKey("number")
                table.column("job", .text).notNull().indexed()
                table.column("who", .text).notNull()
                table.column("what", .text).notNull()
                table.column("at", .datetime).notNull()
            }
        }
        Self.registerRowsToFix(&migrator)
        Self.registerSessions(&migrator)
        Self.registerExports(&migrator)
        Self.registerFixes(&migrator)
        Self.registerRowsToFixProblem(&migrator)
        Self.registerFixesToSend(&migrator)
        Self.registerRowNotes(&migrator)
        try migrator.migrate(queue)
        try queue.write { db in
            try db.execute(
                sql: "UPDATE job SET state = ? WHERE state = ?",
                arguments: [JobRecord.State.interrupted.rawValue, JobRecord.State.running.rawValue])
            try Self.interruptExports(db)
        }
    }

    func insert(_ record: JobRecord) throws {
        try queue.write { try record.insert($0) }
    }

    func job(_ id: String) throws -> JobRecord? {
        try queue.read { try JobRecord.fetchOne($0, key: id) }
    }

    /// Every job, newest upload first.
    func all() throws -> [JobRecord] {
        try queue.read { try JobRecord.order(Column("uploaded").desc).fetchAll($0) }
    }

    /// Changes job `id`'s row with `change`; nothing when there is no such job.
    func update(_ id: String, _ change: @Sendable (inout JobRecord) -> Void) throws {
        try queue.write { db in
            guard var record = try JobRecord.fetchOne(db, key: id) else { return }
            change(&record)
            try record.update(db)
        }
    }

    /// Records that the person asking (``SignedIn``) did `what` to job `id`, now. The record
    /// outlives the job: a deleted job's actions say who deleted it.
    func record(_ id: String, _ what: String) throws {
        let action = JobAction(job: id, who: SignedIn.name, what: what, at: Date())
        try queue.write { try action.insert($0) }
    }

    /// What was done to job `id`, oldest first.
    func actions(of id: String) throws -> [JobAction] {
        try queue.read { try JobAction.filter(Column("job") == id).order(Column("number")).fetchAll($0) }
    }

    func remove(_ id: String) throws {
        _ = try queue.write { try JobRecord.deleteOne($0, key: id) }
        try forgetRowsToFix(job: id)
        try forgetFixes(job: id)
    }
}

/// Something a person did to a job (uploaded, mapped, ran, stopped, deleted it), and who: with
/// `--team` several people act on one job, and each action is theirs.
struct JobAction: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "action"

    var job: String
    var who: String
    var what: String
    var at: Date
}
