import Synchronization

/// Wrong passwords by name, as a value: after ``limit`` of them within ``window``, the name is
/// refused until the first of them is a window old, so that a password cannot be guessed by
/// trying many. Times are given, never read: the desk passes the clock's, a test its own.
struct SignInThrottle {
    static let limit = 5
    static let window = Duration.seconds(15 * 60)
    /// Names kept at most; the oldest are forgotten first, so that made-up names cannot fill memory.
    static let names = 10_000

    private var failures: [String: [ContinuousClock.Instant]] = [:]

    /// Names with wrong passwords kept, at most ``names``.
    var namesKept: Int { failures.count }

    /// How long `name` must wait before it may try again; nil: it may try now.
    func wait(for name: String, at now: ContinuousClock.Instant) -> Duration? {
        let recent = failures[name, default: []].filter { now - $0 < Self.window }
        guard recent.count >= Self.limit, let first = recent.first else { return nil }
        return Self.window - (now - first)
    }

    /// A wrong password for `name` at `now`.
    mutating func failed(_ name: String, at now: ContinuousClock.Instant) {
        if failures[name] == nil && failures.count >= Self.names {
            failures = failures.filter { now - ($0.value.last ?? now) < Self.window }
            if failures.count >= Self.names, let oldest = failures.min(by: { ($0.value.last ?? now) < ($1.value.last ?? now) })?.key {
                failures[oldest] = nil
            }
        }
        failures[name] = (failures[name, default: []].filter { now - $0 < Self.window } + [now]).suffix(Self.limit)
    }

    /// `name` signed in: its wrong passwords are forgotten.
    mutating func succeeded(_ name: String) {
        failures[name] = nil
    }
}

/// The desk's one ``SignInThrottle``, behind a lock.
final class SignInAttempts: Sendable {
    private let state = Mutex(SignInThrottle())

    func wait(for name: String) -> Duration? {
        state.withLock { $0.wait(for: name, at: .now) }
    }

    func failed(_ name: String) {
        state.withLock { $0.failed(name, at: .now) }
    }

    func succeeded(_ name: String) {
        state.withLock { $0.succeeded(name) }
    }
}
