import Synchronization
import TextFormats

/// Whether a run may go on: shared by the engine, the row tasks and the signal handler.
///
/// A run *drains* (Ctrl-C, an unreadable input) by taking no new rows and letting the rows in
/// flight finish; it *aborts* (a job-fatal error such as 401) by sending nothing more at all, so
/// that no more requests than were already in flight reach the server.
public final class RunControl: Sendable {
    /// How far the run is from stopping.
    public enum State: UInt8, Sendable {
        case running = 0
        case draining = 1
        case aborting = 2
    }

    private let value = Atomic<UInt8>(State.running.rawValue)
    private let why = Mutex<(reason: String, phrasing: Phrasing?)?>(nil)
    /// What to do the moment the run stops: cancel the waits under way (``onStop(_:during:)``).
    private let stopHandlers = Mutex<(next: Int, handlers: [Int: @Sendable () -> Void])>((0, [:]))

    public init() {}

    public var state: State { State(rawValue: value.load(ordering: .acquiring)) ?? .aborting }

    /// Whether new rows may be taken.
    public var isRunning: Bool { state == .running }

    /// Whether a request may still be sent (not after an abort).
    public var maySend: Bool { state != .aborting }

    /// The first reason given for stopping, if any.
    public var reason: String? { why.withLock { $0?.reason } }

    /// That reason's phrase, for a front end in another language.
    public var phrasing: Phrasing? { why.withLock { $0?.phrasing } }

    /// Take no new rows; rows in flight finish. Returns false when the run was already stopping.
    @discardableResult
    public func drain(reason: String, phrasing: Phrasing? = nil) -> Bool { move(to: .draining, reason: reason, phrasing) }

    /// Send nothing more; rows in flight are abandoned before their next request.
    @discardableResult
    public func abort(reason: String, phrasing: Phrasing? = nil) -> Bool { move(to: .aborting, reason: reason, phrasing) }

    /// Runs `body` until it ends or the run stops, whichever comes first: a stop (drain or abort)
    /// cancels it at once, with no polling. Returns whether the run is still going.
    public func untilStopped(_ body: @escaping @Sendable () async throws -> Void) async -> Bool {
        let task = Task { try await body() }
        await onStop({ task.cancel() }) {
            await withTaskCancellationHandler {
                _ = await task.result
            } onCancel: {
                task.cancel()
            }
        }
        return isRunning
    }

    /// Runs `body`, calling `handler` the moment the run stops while it runs (at once when it has
    /// stopped already): how a wait is cut short by a stop.
    public func onStop<T>(_ handler: @escaping @Sendable () -> Void, during body: () async -> T) async -> T {
        let key = stopHandlers.withLock { state in
            state.next += 1
            state.handlers[state.next] = handler
            return state.next
        }
        // Stopped before the handler was in place: no stop will call it.
        if !isRunning { handler() }
        let result = await body()
        stopHandlers.withLock { _ = $0.handlers.removeValue(forKey: key) }
        return result
    }

    private func move(to next: State, reason: String, _ phrasing: Phrasing?) -> Bool {
        why.withLock { if $0 == nil { $0 = (reason, phrasing) } }
        var current = value.load(ordering: .relaxed)
        while current < next.rawValue {
            let (exchanged, original) = value.compareExchange(expected: current, desired: next.rawValue, ordering: .acquiringAndReleasing)
            if exchanged {
                guard current == State.running.rawValue else { return false }
                for handler in stopHandlers.withLock({ Array($0.handlers.values) }) { handler() }
                return true
            }
            current = original
        }
        return false
    }
}
