import NIOPosix
import TextFormats

extension NIOThreadPool {
    /// `body` on the pool, said in the wording of the task that asks: a task-local value does not
    /// cross to the pool's threads by itself.
    func runWithWording<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        let wording = Wording.current
        return try await runIfActive { try Wording.$current.withValue(wording) { try body() } }
    }
}
