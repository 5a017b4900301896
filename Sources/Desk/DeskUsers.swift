import Foundation
import HummingbirdBcrypt
import NIOPosix
import TextFormats

/// The people who may sign in to the desk: a file of `name:bcrypt-hash` lines (`#` comments and
/// blank lines allowed), written by `loyalty-batch serve add-user`. Passwords are never kept,
/// only their bcrypt hashes.
package struct DeskUsers: Sendable {
    private let hashes: [String: String]
    /// Checked when the name is unknown, so that a wrong name takes as long as a wrong password.
    private let stand: String

    /// Reads the users file at `path`; throws with the line that is not a user.
    package static func load(path: String) throws -> DeskUsers {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw DeskUsersError("\(path): cannot be read. Make it with 'loyalty-batch serve add-user NAME --users \(path)'.")
        }
        var hashes: [String: String] = [:]
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = line.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, isValidName(parts[0]), parts[1].hasPrefix("$2") else {
                throw DeskUsersError(
                    "\(path) line \(index + 1): not 'name:bcrypt-hash'. Write users with 'loyalty-batch serve add-user NAME --users \(path)'."
                )
            }
            hashes[parts[0]] = parts[1]
        }
        if hashes.isEmpty {
            throw DeskUsersError("\(path): no users in it. Add one with 'loyalty-batch serve add-user NAME --users \(path)'.")
        }
        return DeskUsers(hashes: hashes, stand: hashes.values.first!)
    }

    /// Whether `name` is one of the users.
    func contains(_ name: String) -> Bool { hashes[name] != nil }

    /// Whether `password` is `name`'s, checked off the server's threads (bcrypt is slow on purpose).
    func verify(name: String, password: String) async -> Bool {
        let hash = hashes[name]
        let matches = (try? await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash ?? stand) }) ?? false
        return hash != nil && matches
    }

    /// Names of 1 to 64 letters, digits and `.`, `_`, `-`, `@`.
    package static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.count) && name.allSatisfy { $0.isASCIIDigit || ($0.isASCII && $0.isLetter) || "._-@".contains($0) }
    }

    /// Adds `name` with `password` to the users file at `path` (made owner-only if new), or
    /// changes the password of `name` if it is there already. `cost`: bcrypt's log2 rounds.
    package static func add(name: String, password: String, to path: String, cost: UInt8 = 12) throws {
        guard isValidName(name) else { throw DeskUsersError("'\(name)': a user name is 1 to 64 letters, digits, '.', '_', '-' or '@'") }
        guard password.count >= 8 else { throw DeskUsersError("the password must have 8 characters at least") }
        let old = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        var lines = old.split(separator: "\n").map(String.init).filter { !$0.hasPrefix(name + ":") }
        lines.append(name + ":" + Bcrypt.hash(password, cost: cost))
        let data = Data((lines.joined(separator: "\n") + "\n").utf8)
        guard FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw DeskUsersError("\(path): cannot be written")
        }
    }
}

/// A users file that cannot be read or written, or a user that cannot be added.
package struct DeskUsersError: Error, CustomStringConvertible {
    package let description: String
    init(_ description: String) { self.description = description }
}
