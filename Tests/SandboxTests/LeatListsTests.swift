import Foundation
import NIOHTTP1
import Testing

/// Paginated lists: contacts (meta, sort, created_at filters, limit) and referrals (`meta: []`).
@Suite(.timeLimit(.minutes(5))) struct LeatListsTests {
    @Test func contactsPaginateWithMetaAndBothSortOrders() async throws {
        try await SandboxHarness.with({ $0.seedContacts = 250 }) { sandbox in
            let first = try await sandbox.leat(.GET, "contacts?limit=100")
            let meta = first.object["meta"] as? [String: Any] ?? [:]
            #expect(meta["limit"] as? String == "100")
            #expect(meta["last_page"] as? Int == 3)
            #expect(meta["total"] as? Int == 250)
            #expect(meta["viewing_from"] as? Int == 1)
            #expect(meta["viewing_to"] as? Int == 100)
            var ascending: [String] = []
            for page in 1...3 {
                let answer = try await sandbox.leat(.GET, "contacts?limit=100&page=\(page)&sort=created_at")
                ascending += answer.dataArray.compactMap { $0["uuid"] as? String }
            }
            #expect(ascending.count == 250)
            #expect(Set(ascending).count == 250)
            var descending: [String] = []
            for page in 1...3 {
                let answer = try await sandbox.leat(.GET, "contacts?limit=100&page=\(page)&sort=-created_at")
                descending += answer.dataArray.compactMap { $0["uuid"] as? String }
            }
            #expect(descending == ascending.reversed())
            let defaultLimit = try await sandbox.leat(.GET, "contacts")
            #expect(defaultLimit.dataArray.count == 30)
            let beyond = try await sandbox.leat(.GET, "contacts?limit=100&page=4")
            #expect(beyond.dataArray.isEmpty)
            #expect(try await sandbox.leat(.GET, "contacts?limit=101").code == 1003)
            #expect(try await sandbox.leat(.GET, "contacts?limit=0").code == 1003)
        }
    }

    @Test func createdAtFiltersSplitTheListExactly() async throws {
        try await SandboxHarness.with({ $0.seedContacts = 300 }) { sandbox in
            var all: [(uuid: String, created: String)] = []
            for page in 1...3 {
                all += try await sandbox.leat(.GET, "contacts?limit=100&page=\(page)").dataArray.map {
                    ($0["uuid"] as? String ?? "", ($0["current_values"] as? [String: Any])?["created_at"] as? String ?? "")
                }
            }
            let pivot = all[150].created
            let encoded = pivot.replacingOccurrences(of: "+", with: "%2B")
            let before = try await sandbox.leat(.GET, "contacts?limit=100&created_at%5Blt%5D=\(encoded)")
            let from = try await sandbox.leat(.GET, "contacts?limit=100&created_at%5Bgte%5D=\(encoded)")
            let expectedBefore = all.filter { $0.created < pivot }.count
            #expect((before.object["meta"] as? [String: Any])?["total"] as? Int == expectedBefore)
            #expect((from.object["meta"] as? [String: Any])?["total"] as? Int == 300 - expectedBefore)
            let after = try await sandbox.leat(.GET, "contacts?created_at%5Bgt%5D=\(encoded)")
            #expect((after.object["meta"] as? [String: Any])?["total"] as? Int == all.filter { $0.created > pivot }.count)
            #expect(try await sandbox.leat(.GET, "contacts?created_at%5Bgte%5D=yesterday").code == 1003)
        }
    }

    @Test func referralsAnswerEmptyMetaAndEndWithAShortPage() async throws {
        try await SandboxHarness.with({ $0.seedContacts = 400 }) { sandbox in
            let stats = try await sandbox.stats()
            let total = try #require(stats["referrals"] as? Int)
            #expect(total > 30)
            var seen: [String] = []
            var page = 1
            while true {
                let answer = try await sandbox.leat(.GET, "referrals?limit=25&page=\(page)")
                #expect((answer.object["meta"] as? [Any])?.isEmpty == true)
                seen += answer.dataArray.compactMap { $0["uuid"] as? String }
                if answer.dataArray.count < 25 { break }
                page += 1
            }
            #expect(seen.count == total)
            let pending = try await sandbox.leat(.GET, "referrals?status=pending&limit=100")
            #expect(pending.dataArray.allSatisfy { $0["status"] as? String == "pending" })
            #expect(try await sandbox.leat(.GET, "referrals?status=lost").code == 1003)
            #expect(try await sandbox.leat(.GET, "referrals?limit=500").code == 1003)
            let settings = try await sandbox.leat(.GET, "referrals/settings")
            #expect(settings.dataObject["limit_per_contact"] as? Int == 10)
        }
    }

    @Test func seedDataIsDeterministicAndHasTiers() async throws {
        func snapshot() async throws -> [String] {
            try await SandboxHarness.with({
                $0.seedContacts = 100
                $0.seed = 42
            }) { sandbox in
                try await sandbox.leat(.GET, "contacts?limit=100").dataArray.map { "\($0["uuid"] ?? "") \($0["email"] ?? "")" }
            }
        }
        let first = try await snapshot()
        let second = try await snapshot()
        #expect(first == second)
        try await SandboxHarness.with({ $0.seedContacts = 200 }) { sandbox in
            let page = try await sandbox.leat(.GET, "contacts?limit=100").dataArray
            let tiers = Set(page.compactMap { ($0["tier"] as? [String: Any])?["name"] as? String })
            #expect(tiers == ["Bronze", "Silver", "Gold"])
            #expect(page.contains { $0["tier"] is NSNull })
        }
    }
}
