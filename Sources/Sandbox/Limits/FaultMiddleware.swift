import Hummingbird
import Synchronization

/// What happens to one request besides being served.
enum Fault: Equatable {
    case none
    /// Answered with this 5xx status, not applied.
    case fail(HTTPResponse.Status)
    /// Connection closed without an answer, before the request was applied.
    case dropBefore
    /// Applied, then the connection closed without an answer: the client cannot know it happened.
    case dropAfter
}

/// Draws faults and latencies from one seeded generator, at the configured shares.
final class FaultInjector: Sendable {
    let failRate: Double
    let dropRate: Double
    let latency: Int
    let jitter: Int
    private let generator: Mutex<SeededGenerator>

    init(configuration: SandboxConfiguration) {
        failRate = configuration.failRate
        dropRate = configuration.dropRate
        latency = configuration.latencyMilliseconds
        jitter = configuration.latencyJitterMilliseconds
        generator = Mutex(SeededGenerator(seed: configuration.seed ^ 0xFA17))
    }

    var isActive: Bool { failRate > 0 || dropRate > 0 || latency > 0 || jitter > 0 }

    /// The fault for the next request and its added latency in milliseconds.
    func draw() -> (fault: Fault, latencyMilliseconds: Int) {
        generator.withLock { generator in
            let roll = Double(generator.next() >> 11) / Double(1 << 53)
            let fault: Fault
            if roll < failRate {
                fault = .fail(generator.next() % 2 == 0 ? .internalServerError : .serviceUnavailable)
            } else if roll < failRate + dropRate {
                fault = generator.next() % 2 == 0 ? .dropBefore : .dropAfter
            } else {
                fault = .none
            }
            let spread = jitter > 0 ? Int(generator.next() % UInt64(2 * jitter + 1)) - jitter : 0
            return (fault, max(0, latency + spread))
        }
    }
}

/// Adds latency and injects failures and dropped connections.
struct FaultMiddleware: RouterMiddleware {
    let injector: FaultInjector
    let stats: SandboxStats

    func handle(_ request: Request, context: SandboxContext, next: (Request, SandboxContext) async throws -> Response) async throws
        -> Response
    {
        let (fault, latency) = injector.draw()
        if latency > 0 { try await Task.sleep(for: .milliseconds(latency)) }
        stats.countFault(fault)
        switch fault {
        case .none:
            return try await next(request, context)
        case .fail(let status):
            return try LeatErrorAnswer(status: status, message: status == .serviceUnavailable ? "Service Unavailable" : "Server Error")
                .response(from: request, context: context)
        case .dropBefore:
            return Response(status: .ok, headers: [.sandboxDrop: "before"])
        case .dropAfter:
            _ = try await respond(request, context, next)
            return Response(status: .ok, headers: [.sandboxDrop: "after"])
        }
    }
}
