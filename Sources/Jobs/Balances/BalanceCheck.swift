import BatchKit
import LeatAPI
import Synchronization
import TextFormats

/// What a balances import settles before its first row: the shop its receptions go to, and the
/// loyalty-transaction attribute that carries their references. `GET shops` is also the
/// connection check.
final class BalanceCheck: Sendable {
    /// Leat could not be asked: the run stops before any row.
    struct Problem: Error {
        var message: String
        var phrasing: Phrasing?
    }

    let client: LeatClient
    let runner: RequestRunner
    private let sent = Atomic(0)
    var requests: Int { sent.load(ordering: .relaxed) }

    init(client: LeatClient, runner: RequestRunner) {
        self.client = client
        self.runner = runner
    }

    /// The uuid of the shop `choice` names (its uuid or name), or of the account's only shop;
    /// a ``MappingError`` (exit 2) listing the shops when that is not one.
    func shop(_ choice: String?) async throws -> String {
        let shops = try await send("GET shops") { () async throws(LeatError) in try await self.client.shops().parts }
        let listed = shops.isEmpty ? "none" : shops.map { "'\($0.name)' (\($0.uuid))" }.joined(separator: ", ")
        if let choice {
            guard
                let shop = shops.first(where: { $0.uuid == choice.lowercased() })
                    ?? shops.first(where: { $0.name.lowercased() == choice.lowercased() })
            else {
                throw MappingError(message: "\(Setting.shop.mention(choice)) is not a shop of the account; its shops: \(listed)")
            }
            return shop.uuid
        }
        guard shops.count == 1 else {
            throw MappingError(
                message: shops.isEmpty
                    ? "the account has no shop to receive points in"
                    : "the account has \(shops.count) shops: \(listed); choose one with \(Setting.shop.mention("UUID")) or \(Setting.shop.mention("NAME"))"
            )
        }
        return shops[0].uuid
    }

    /// Makes sure the account has the text attribute `name` for the references (not in a dry
    /// run: `create` false); what was done, for the summary.
    func referenceAttribute(_ name: String, create: Bool) async throws -> String {
        let names = try await send("GET loyalty-transaction-attributes") { () async throws(LeatError) in
            try await self.client.transactionAttributes().parts
        }
        if names.contains(name) { return "each reception carries its reference in the loyalty-transaction attribute '\(name)'" }
        guard create else { return "would create the loyalty-transaction attribute '\(name)' (text) for the receptions' references" }
        _ = try await send("POST loyalty-transaction-attributes") { () async throws(LeatError) in
            try await self.client.createTransactionAttribute(name: name, type: "text", label: "loyalty-batch reference").parts
        }
        return "created the loyalty-transaction attribute '\(name)' (text): each reception carries its reference in it"
    }

    private func send<Value>(_ what: String, _ operation: () async throws(LeatError) -> (value: Value, limit: Int?, remaining: Int?))
        async throws -> Value
    {
        var attempts = Attempts()
        defer { sent.add(attempts.requests, ordering: .relaxed) }
        do throws(RequestStop<LeatError>) {
            return try await runner.send(&attempts, operation)
        } catch {
            guard case .failed(let failure) = error else {
                throw Problem(message: "stopped before the first row", phrasing: .stop(.beforeFirstRow))
            }
            let check =
                failure.kind.isUnanswered ? "" : "; check LEAT_API_URL and the token (LEAT_API_TOKEN or \(Setting.tokenFile.mention()))"
            throw Problem(
                message: "Leat at \(client.configuration.baseURL) \(failure.outcome(of: what))\(check). No row was sent",
                phrasing: ConnectionProblem.phrasing(failure, url: client.configuration.baseURL))
        }
    }
}
