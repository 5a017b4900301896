import Synchronization

/// Sign-in attempts by name and client address, as a value: after ``limit`` of them within
/// ``window`` that did not succeed, that name is refused from that address until the first of
/// them is a window old, so that a password cannot be guessed by trying many. An attempt is
/// counted when it begins (before its password is checked), so attempts made at once cannot all
/// slip past the count; one that succeeds is taken back. The same name from another address is
/// not held back: whoever knows the password is not locked out by someone guessing elsewhere.
/// Times are given, never read: the desk passes the clock's, a test its own.
struct SignInThrottle {
    static let limit = 5
    static let window = Duration.seconds(15 * 60)
    /// Names and addresses kept at most; the oldest are forgotten first, so that made-up names
    /// cannot fill memory.
    static let names = 10_000

    struct Key: Hashable {
        var name: String
        var address: String
    }

    private var attempts: [Key: [ContinuousClock.Instant]] = [:]

    /// Names and addresses with attempts kept, at most ``names``.
    var namesKept: Int { attempts.count }

    /// An attempt to sign in as `name` from `address` at `now`: nil when it may go on (it counts
    /// as failed until ``succeeded(_:from:)``), or how long to wait before the next one.
    mutating func begin(_ name: String, from address: String, at now: ContinuousClock.Instant) -> Duration? {
        let key = Key(name: name, address: address)
        let recent = attempts[key, default: []].filter { now - $0 < Self.window }
        if recent.count >= Self.limit, let first = recent.first { return Self.window - (now - first) }
        if attempts[key] == nil && attempts.count >= Self.names { makeRoom(at: now) }
        attempts[key] = recent + [now]
        return nil
    }

    /// The attempt for `name` from `address` succeeded: its attempts are forgotten.
    mutating func succeeded(_ name: String, from address: String) {
        attempts[Key(name: name, address: address)] = nil
    }

    private mutating func makeRoom(at now: ContinuousClock.Instant) {
        attempts = attempts.filter { now - ($0.value.last ?? now) < Self.window }
        if attempts.count >= Self.names, let oldest = attempts.min(by: { ($0.value.last ?? now) < ($1.value.last ?? now) })?.key {
            attempts[oldest] = nil
        }
    }
}

/// The desk's one ``SignInThrottle``, behind a lock, on the continuous clock.
final class SignInAttempts: Sendable {
    private let state = Mutex(SignInThrottle())

    func begin(_ name: String, from address: String) -> Duration? {
        state.withLock { $0.begin(name, from: address, at: .now) }
    }

    func succeeded(_ name: String, from address: String) {
        state.withLock { $0.succeeded(name, from: address) }
    }
}
