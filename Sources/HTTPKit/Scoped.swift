/// Runs `body`, then `close`, however `body` ends: a client's connections are shut, a file
/// closed, on every path, a thrown error included. `body`'s error wins over `close`'s.
package func withClosing<Result>(_ close: () async throws -> Void, _ body: () async throws -> Result) async throws -> Result {
    let result: Swift.Result<Result, any Error>
    do {
        result = .success(try await body())
    } catch {
        result = .failure(error)
    }
    do {
        try await close()
    } catch {
        if case .success = result { throw error }
    }
    return try result.get()
}
