import GRDB
import NIOPosix
import Synchronization

/// The one session each user has: signing in again ends the session before (its token is no
/// longer the user's), and so does signing out. Kept in the desk's database (``CurrentSession``),
/// so a restart keeps it, and in memory, so a request asks no database.
final class SessionRegistry: Sendable {
    private let tokens: Mutex<[String: String]>
    private let database: JobDatabase

    /// The users' current sessions as the database has them. Blocking: call it before serving.
    init(database: JobDatabase) throws {
        self.database = database
        let current = try database.queue.read { try CurrentSession.fetchAll($0) }
        tokens = Mutex(Dictionary(current.map { ($0.user, $0.csrf) }, uniquingKeysWith: { _, last in last }))
    }

    func begin(_ session: DeskSession) async throws {
        tokens.withLock { $0[session.user] = session.csrf }
        let database = database
        try await NIOThreadPool.singleton.runIfActive {
            try database.queue.write { try CurrentSession(user: session.user, csrf: session.csrf).save($0) }
        }
    }

    func isCurrent(_ session: DeskSession) -> Bool {
        tokens.withLock { $0[session.user] == session.csrf }
    }

    func end(_ session: DeskSession) async throws {
        let ended = tokens.withLock { tokens in
            guard tokens[session.user] == session.csrf else { return false }
            tokens[session.user] = nil
            return true
        }
        guard ended else { return }
        let database = database
        try await NIOThreadPool.singleton.runIfActive {
            _ = try database.queue.write {
                try CurrentSession.filter(Column("user") == session.user && Column("csrf") == session.csrf).deleteAll($0)
            }
        }
    }
}
