import Foundation
import GRDB
import Hummingbird
import NIOPosix
import ServiceLifecycle

/// The desk's sessions, kept in its SQLite database so that a restarted desk (an upgrade) keeps
/// everyone signed in: Hummingbird's session storage (a `PersistDriver`: each value as JSON with
/// the moment it expires), read and written on NIO's thread pool, never on the server's threads.
struct SessionStore: PersistDriver {
    let database: JobDatabase

    func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        let record = try StoredSession(key: key, value: value, expires: expires)
        let created = try await NIOThreadPool.singleton.runIfActive {
            try database.queue.write { db in
                try StoredSession.deleteExpired(db)
                guard try !StoredSession.exists(db, key: key) else { return false }
                try record.insert(db)
                return true
            }
        }
        if !created { throw PersistError.duplicate }
    }

    func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        let record = try StoredSession(key: key, value: value, expires: expires)
        try await NIOThreadPool.singleton.runIfActive {
            try database.queue.write { db in
                var record = record
                // No new expiry keeps the one the value had.
                if expires == nil, let kept = try StoredSession.fetchOne(db, key: key) { record.expires = kept.expires }
                try record.save(db)
            }
        }
    }

    func get<Object: Codable & Sendable>(key: String, as: Object.Type) async throws -> Object? {
        let now = Date().timeIntervalSince1970
        let record = try await NIOThreadPool.singleton.runIfActive {
            try database.queue.read { try StoredSession.fetchOne($0, key: key) }
        }
        guard let record, record.expires.map({ $0 > now }) ?? true else { return nil }
        return try? JSONDecoder().decode(Object.self, from: record.value)
    }

    func remove(key: String) async throws {
        try await NIOThreadPool.singleton.runIfActive {
            _ = try database.queue.write { try StoredSession.deleteOne($0, key: key) }
        }
    }

    /// Nothing to run beside the server: the store lives as long as the database.
    func run() async throws {
        try? await gracefulShutdown()
    }
}

/// A session as the database keeps it.
struct StoredSession: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "session"

    var key: String
    var value: Data
    /// Seconds since 1970 when it ends; nil: never.
    var expires: Double?

    init<Object: Encodable>(key: String, value: Object, expires: Duration?) throws {
        self.key = key
        self.value = try JSONEncoder().encode(value)
        self.expires = expires.map { Date().timeIntervalSince1970 + Double($0.components.seconds) }
    }

    static func deleteExpired(_ db: Database) throws {
        try filter(Column("expires") <= Date().timeIntervalSince1970).deleteAll(db)
    }
}

/// Each user's one current session (its form token), in the database: signing in again ends the
/// session before, and so does signing out, also across a restart.
struct CurrentSession: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "current_session"

    var user: String
    var csrf: String
}

extension JobDatabase {
    static func registerSessions(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("sessions") { db in
            try db.create(table: StoredSession.databaseTableName) { table in
                table.primaryKey("key", .text)
                table.column("value", .blob).notNull()
                table.column("expires", .double)
            }
            try db.create(table: CurrentSession.databaseTableName) { table in
                table.primaryKey("user", .text)
                table.column("csrf", .text).notNull()
            }
        }
    }
}
