import Hummingbird
import Synchronization

/// What the sandbox has seen, for tests and benchmarks: `GET /_sandbox/stats`.
final class SandboxStats: Sendable {
    struct Counts {
        /// Requests per `METHOD /path`, with uuids in paths shown as `{uuid}`.
        var requests: [String: Int] = [:]
        var requests_total = 0
        /// Requests other than GET to the Leat and Capillary APIs (answered or not).
        var writes = 0
        var throttled = 0
        var failed = 0
        var dropped_before = 0
        var dropped_after = 0
    }

    private let counts = Mutex(Counts())

    func countRequest(method: String, path: String) {
        let key = method + " " + Self.normalise(path)
        let isWrite = method != "GET" && !path.hasPrefix("/_sandbox")
        counts.withLock {
            $0.requests[key, default: 0] += 1
            $0.requests_total += 1
            if isWrite { $0.writes += 1 }
        }
    }

    func countThrottled() { counts.withLock { $0.throttled += 1 } }

    func countFault(_ fault: Fault) {
        guard fault != .none else { return }
        counts.withLock {
            switch fault {
            case .none: break
            case .fail: $0.failed += 1
            case .dropBefore: $0.dropped_before += 1
            case .dropAfter: $0.dropped_after += 1
            }
        }
    }

    var snapshot: Counts { counts.withLock { $0 } }

    /// The path with uuid-like segments replaced by `{uuid}`, so per-contact calls add up by endpoint.
    static func normalise(_ path: String) -> String {
        var segment = 0
        var dashes = 0
        var looksLikeUUID = false
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/") {
                looksLikeUUID = looksLikeUUID || (segment == 36 && dashes == 4)
                segment = 0
                dashes = 0
            } else {
                segment += 1
                if byte == UInt8(ascii: "-") { dashes += 1 }
            }
        }
        guard looksLikeUUID || (segment == 36 && dashes == 4) else { return path }
        var output: [UInt8] = []
        for (index, segment) in path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).enumerated() {
            if index > 0 { output.append(UInt8(ascii: "/")) }
            if segment.count == 36 && segment.count(where: { $0 == UInt8(ascii: "-") }) == 4 {
                output += "{uuid}".utf8
            } else {
                output += segment
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}

/// Counts every request by endpoint.
struct StatsMiddleware: RouterMiddleware {
    let stats: SandboxStats

    func handle(_ request: Request, context: SandboxContext, next: (Request, SandboxContext) async throws -> Response) async throws
        -> Response
    {
        stats.countRequest(method: request.method.rawValue, path: request.uri.path)
        return try await next(request, context)
    }
}
