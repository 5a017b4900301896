import Foundation
import GRDB
import Jobs
import TextFormats

/// A note of a row that went (or would), as a phrase: what a preview's page words in the
/// person's language (`would update: changes city …`). The report keeps the English.
struct RowNoteRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "rowNote"

    var job: String
    var report: String
    var line: Int
    /// The note's ``Phrasing`` as JSON.
    var phrasing: String
}

extension JobDatabase {
    static func registerRowNotes(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("rowNotes") { db in
            try db.create(table: RowNoteRecord.databaseTableName) { table in
                table.column("job", .text).notNull()
                table.column("report", .text).notNull()
                table.column("line", .integer).notNull()
                table.column("phrasing", .text).notNull()
                table.primaryKey(["job", "report", "line"])
            }
        }
    }

    /// Keeps the phrased notes of `outcomes` (rows that went) of job `job`'s report `name`. Blocking.
    func addRowNotes(job: String, report name: String, _ outcomes: [RowOutcome]) throws {
        let encoder = JSONEncoder()
        try queue.write { db in
            for outcome in outcomes {
                guard let phrasing = outcome.notePhrasing, let json = try? encoder.encode(phrasing) else { continue }
                try RowNoteRecord(job: job, report: name, line: outcome.line, phrasing: String(decoding: json, as: UTF8.self)).save(db)
            }
        }
    }

    /// The phrased notes of `lines` of job `job`'s report `name`, by line. Blocking.
    func rowNotes(job: String, report name: String, lines: [Int]) throws -> [Int: Phrasing] {
        let records = try queue.read { db in
            try RowNoteRecord.filter(Column("job") == job && Column("report") == name && lines.contains(Column("line"))).fetchAll(db)
        }
        let decoder = JSONDecoder()
        return records.reduce(into: [:]) { notes, record in
            notes[record.line] = try? decoder.decode(Phrasing.self, from: Data(record.phrasing.utf8))
        }
    }
}
