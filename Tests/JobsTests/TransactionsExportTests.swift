import BatchKit
import Foundation
import Hummingbird
import Jobs
import LeatAPI
import Sandbox
import Testing

/// `export transactions`: every transaction of the window once, counted against Leat's total,
/// with totals for the books that equal the rows, whichever way Leat reads its type filter.
@Suite(.timeLimit(.minutes(3))) struct TransactionsExportTests {
    /// The sandbox's transactions as its own list gives them: uuid → (type, credits, shop).
    static func listed(_ sandbox: JobsHarness) async throws -> [String: (type: String, credits: Int, shop: String)] {
        let configuration = try LeatConfiguration(baseURL: sandbox.sandbox.leatBaseURL, token: "sandbox-token")
        return try await withLeatClient(configuration: configuration) { client in
            var all: [String: (String, Int, String)] = [:]
            var page = 1
            while true {
                let items = try await client.transactions(page: page, filter: TransactionFilter()).value.items
                if items.isEmpty { return all }
                for item in items { all[item["uuid"]!] = (item["type"]!, Int(item["credits"]!)!, item["shop_uuid"]!) }
                page += 1
            }
        }
    }

    @Test(arguments: TransactionTypeFilter.allCases)
    func everyTransactionOnceWithTotalsThatEqualTheRows(typeFilter: TransactionTypeFilter) async throws {
        try await JobsHarness.with({
            $0.seedContacts = 50
            $0.seedShops = 2
            $0.seedTransactions = 730
            $0.typeFilter = typeFilter
        }) { sandbox in
            let summary = try await sandbox.export(.transactions, to: "tx.csv")
            #expect(summary.exitCode == 0 && summary.rows == 730 && summary.export?.totals == sandbox.path("tx.totals.csv"))
            let rows = try readCSV(sandbox.path("tx.csv"))
            let listed = try await Self.listed(sandbox)
            #expect(rows.count == listed.count && Set(rows.map { $0["uuid"]! }) == Set(listed.keys))
            #expect(
                rows.allSatisfy { row in listed[row["uuid"]!].map { $0.credits == Int(row["credits"]!) && $0.type == row["type"] } == true }
            )
            #expect(!rows[0].keys.contains("credit_balance") && Array(rows[0].keys).count == LeatClient.transactionColumns.count)

            // The manifest's totals per type and the totals file per day and shop equal the rows.
            var byType: [String: (count: Int, credits: Int)] = [:]
            for row in rows {
                byType[row["type"]!, default: (0, 0)].count += 1
                byType[row["type"]!, default: (0, 0)].credits += Int(row["credits"]!)!
            }
            let manifest =
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: try #require(summary.export?.manifest))))
                as? [String: Any] ?? [:]
            let totals = manifest["totals"] as? [String: Any] ?? [:]
            #expect(manifest["list_total"] as? Int == 730 && totals["rows"] as? Int == 730)
            #expect(totals["credits"] as? Int == rows.reduce(0) { $0 + Int($1["credits"]!)! })
            for (type, total) in byType {
                let manifested = (totals["by_type"] as? [String: Any])?[type] as? [String: Int]
                #expect(manifested == ["count": total.count, "credits": total.credits], "\(type)")
            }
            let days = try readCSV(sandbox.path("tx.totals.csv"))
            #expect(days.reduce(0) { $0 + Int($1["count"]!)! } == 730)
            #expect(days.reduce(0) { $0 + Int($1["net"]!)! } == rows.reduce(0) { $0 + Int($1["credits"]!)! })
            #expect(days.allSatisfy { Int($0["issued"]!)! - Int($0["redeemed"]!)! == Int($0["net"]!)! })
            let shopOfDay = Dictionary(grouping: rows) { "\($0["created_at"]!.prefix(10))|\($0["shop_uuid"]!)" }
            #expect(days.allSatisfy { shopOfDay["\($0["day"]!)|\($0["shop_uuid"]!)"]?.count == Int($0["count"]!) })

            // --type is applied to each row, however Leat spells or ignores its filter.
            let rewards = try await sandbox.export(.transactions, to: "rewards.csv") { $0.transactionType = "reward_reception" }
            #expect(rewards.rows == byType["reward_reception"]?.count && rewards.rows > 0)
            #expect(try readCSV(sandbox.path("rewards.csv")).allSatisfy { $0["type"] == "reward_reception" })
        }
    }

    @Test func nightlyRunsCoverEveryTransactionOnce() async throws {
        try await JobsHarness.with({
            $0.seedContacts = 20
            $0.seedTransactions = 300
        }) { sandbox in
            let first = try await sandbox.export(.transactions, to: "night1.csv") { $0.statePath = sandbox.path("state.json") }
            #expect(first.rows == 300)
            // Booked since: ten new receptions.
            let configuration = try LeatConfiguration(baseURL: sandbox.sandbox.leatBaseURL, token: "sandbox-token")
            try await withLeatClient(configuration: configuration) { client in
                let shop = try await client.shops().value[0].uuid
                let contact = try await client.findOrCreate(email: "late@example.com").value
                for credits in 1...10 { _ = try await client.receiveCredits(contact: contact, shop: shop, credits: credits) }
            }
            // The next night: its wall clock ahead of the receptions' second (Leat's stamps are whole
            // seconds), instead of the test waiting for the next one.
            let second = try await sandbox.export(.transactions, to: "night2.csv") {
                $0.statePath = sandbox.path("state.json")
                $0.now = { Date().addingTimeInterval(2) }
            }
            let night1 = try readCSV(sandbox.path("night1.csv")).map { $0["uuid"]! }
            let night2 = try readCSV(sandbox.path("night2.csv")).map { $0["uuid"]! }
            #expect(second.rows == 10 && Set(night1).isDisjoint(with: night2))
            #expect(Set(night1 + night2) == Set(try await Self.listed(sandbox).keys))
        }
    }

    @Test func aListThatDoesNotHoldWhatItsTotalSaysIsExitThreeAndNothingWritten() async throws {
        try await HostileServer.with({ group, _ in
            group.get("loyalty-transactions") { request, _ in
                let page = Int(request.uri.queryParameters.get("page") ?? "1") ?? 1
                let items =
                    page == 1
                    ? (0..<3).map {
                        #"{"uuid":"00000000-0000-4000-8000-00000000000\#($0)","type":"credit_reception","credits":5,"created_at":"2026-11-01T10:00:00+00:00"}"#
                    } : []
                return Response.json(.ok, #"{"data":[\#(items.joined(separator: ","))],"meta":{"page":\#(page),"last_page":1,"total":5}}"#)
            }
        }) { server, _ in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tx-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            var options = ExportOptions()
            options.entity = .transactions
            options.output = folder + "/tx.csv"
            let summary = try await server.withClient { try await ExportJob.run(options: options, client: $0) }
            #expect(summary.exitCode == 3 && summary.stopped?.contains("holds 5 transactions (meta.total), and 3 came") == true)
            #expect(
                !FileManager.default.fileExists(atPath: folder + "/tx.csv")
                    && !FileManager.default.fileExists(atPath: folder + "/tx.totals.csv"))
        }
    }
}
