import Foundation
import GRDB
import Jobs

/// An export made from the desk, as its database keeps it: what was asked (the list, the format,
/// the period), who asked, where it stands and, once written, the manifest's figures. The file
/// and its manifest are in the export's folder until the export is deleted.
struct ExportRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "export"

    enum State: String, Codable, Sendable {
        case running, done, failed
        /// Running when the desk stopped: nothing was written; export it again.
        case interrupted
    }

    var id: String
    var entity: String
    var format: String
    /// Transactions: the period's first and last day (`YYYY-MM-DD`), as asked.
    var from: String?
    var to: String?
    var who: String
    var started: Date
    var state: State
    var rows = 0
    /// Transactions: the sum of the credits the file holds.
    var credits: Int?
    var sha256: String?
    /// Why it failed, in words.
    var problem: String?

    /// The name the file is downloaded as: `contacts-2026-12-06.xlsx`.
    var fileName: String { "\(entity)-\(started.formatted(.iso8601.year().month().day())).\(format)" }
}

extension JobDatabase {
    static func registerExports(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("exports") { db in
            try db.create(table: ExportRecord.databaseTableName) { table in
                table.primaryKey("id", .text)
                table.column("entity", .text).notNull()
                table.column("format", .text).notNull()
                table.column("from", .text)
                table.column("to", .text)
                table.column("who", .text).notNull()
                table.column("started", .datetime).notNull()
                table.column("state", .text).notNull()
                table.column("rows", .integer).notNull()
                table.column("credits", .integer)
                table.column("sha256", .text)
                table.column("problem", .text)
            }
        }
    }

    /// Exports that were running when the desk last stopped: interrupted, nothing written.
    static func interruptExports(_ db: Database) throws {
        try db.execute(
            sql: "UPDATE export SET state = ? WHERE state = ?",
            arguments: [ExportRecord.State.interrupted.rawValue, ExportRecord.State.running.rawValue])
    }

    func exports() throws -> [ExportRecord] {
        try queue.read { try ExportRecord.order(Column("started").desc).fetchAll($0) }
    }

    func export(_ id: String) throws -> ExportRecord? {
        try queue.read { try ExportRecord.fetchOne($0, key: id) }
    }

    func save(_ record: ExportRecord) throws {
        try queue.write { try record.save($0) }
    }

    /// Changes export `id`'s row with `change`; nothing when there is no such export.
    func updateExport(_ id: String, _ change: @Sendable (inout ExportRecord) -> Void) throws {
        try queue.write { db in
            guard var record = try ExportRecord.fetchOne(db, key: id) else { return }
            change(&record)
            try record.update(db)
        }
    }

    func removeExport(_ id: String) throws {
        _ = try queue.write { try ExportRecord.deleteOne($0, key: id) }
    }
}
