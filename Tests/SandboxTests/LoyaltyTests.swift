import Foundation
import NIOHTTP1
import Sandbox
import Testing

/// The sandbox's loyalty half: shops, credit receptions (form or JSON, credits or unit value,
/// errors), reversal, calculation, the transactions list with its filters, and the transaction
/// attributes; each way the real API might behave where it is not known.
@Suite(.timeLimit(.minutes(5))) struct LoyaltyTests {
    /// The first shop's uuid and a new contact's.
    static func shopAndContact(_ sandbox: SandboxHarness, _ email: String = "ann@example.com") async throws -> (
        shop: String, contact: String
    ) {
        let shop = try #require(try await sandbox.leat(.GET, "shops").dataArray.first?["uuid"] as? String)
        return (shop, try await sandbox.uuid(of: email))
    }

    @Test func aCreditReceptionMovesTheBalanceAndKeepsItsAttributes() async throws {
        try await SandboxHarness.with { sandbox in
            let shops = try await sandbox.leat(.GET, "shops")
            #expect(shops.dataArray.count == 1 && shops.dataArray[0]["name"] as? String == "Sandbox Shop")
            let (shop, contact) = try await Self.shopAndContact(sandbox)
            #expect(
                try await sandbox.leat(.POST, "loyalty-transaction-attributes", form: "name=loyalty_batch_ref&data_type=text").status == 201
            )
            #expect(
                try await sandbox.leat(.POST, "loyalty-transaction-attributes", json: ["name": "loyalty_batch_ref", "data_type": "text"])
                    .code == 60009)
            let made = try await sandbox.leat(
                .POST, "credit-receptions",
                form: "contact_uuid=\(contact)&shop_uuid=\(shop)&credits=3200&loyalty_batch_ref=job1:2:ann&unknown_key=x")
            #expect(
                made.status == 200 && made.dataObject["type"] as? String == "credit_reception" && made.dataObject["credits"] as? Int == 3200
            )
            #expect(made.dataObject["loyalty_batch_ref"] as? String == "job1:2:ann" && made.dataObject["unknown_key"] == nil)
            #expect(
                made.dataObject["channel"] as? String == "OAUTH_API"
                    && (made.dataObject["created_at"] as? String)?.hasSuffix("+00:00") == true)
            let byUnit = try await sandbox.leat(
                .POST, "credit-receptions", json: ["contact_uuid": contact, "shop_uuid": shop, "unit_value": 10.4])
            #expect(byUnit.dataObject["credits"] as? Int == 10 && byUnit.dataObject["unit_value"] as? Double == 10.4)
            #expect(try await sandbox.leat(.GET, "contacts/\(contact)/credit-balance").dataObject["balance"] as? Int == 3210)
            let reversed = try await sandbox.leat(.POST, "credit-receptions/\(made.dataObject["uuid"] as? String ?? "")/reverse")
            #expect(reversed.dataObject["credits"] as? Int == -3200 && reversed.dataObject["loyalty_batch_ref"] as? String == "job1:2:ann")
            let found = try await sandbox.leat(.GET, "contacts/find-one-by?email=ann@example.com")
            #expect((found.dataObject["credit_balance"] as? [String: Any])?["balance"] as? Int == 10)
            #expect(
                try await sandbox.leat(.GET, "credit-receptions/calculate?shop_uuid=\(shop)&unit_value=25.99").dataObject["credits"] as? Int
                    == 25)
        }
    }

    @Test func receptionsRefusedWithLeatsCodes() async throws {
        try await SandboxHarness.with({ $0.maxCredits = 1_000_000 }) { sandbox in
            let (shop, contact) = try await Self.shopAndContact(sandbox)
            let unknown = "00000000-0000-4000-8000-000000000000"
            let cases: [(String, Int)] = [
                ("contact_uuid=\(unknown)&shop_uuid=\(shop)&credits=1", 55031),
                ("contact_uuid=\(contact)&shop_uuid=\(unknown)&credits=1", 1008),
                ("contact_uuid=\(contact)&shop_uuid=\(shop)&credits=2000000", 1015),
                ("contact_uuid=\(contact)&shop_uuid=\(shop)&credits=12,5", 1003),
                ("contact_uuid=\(contact)&shop_uuid=\(shop)", 1003),
                ("contact_uuid=\(contact)&shop_uuid=\(shop)&unit_value=3&unit_name=stamps", 60007),
            ]
            for (form, code) in cases { #expect(try await sandbox.leat(.POST, "credit-receptions", form: form).code == code, "\(form)") }
            #expect(try await sandbox.leat(.GET, "shops/\(unknown)").code == 1008)
            #expect(
                try await sandbox.leat(.GET, "contacts/\(contact)/credit-balance").dataObject["balance"] as? Int == 0,
                "nothing was received")
        }
    }

    @Test func aReceptionAnsweredInProgressWasMadeAllTheSame() async throws {
        try await SandboxHarness.with({ $0.receptionInProgressRate = 1 }) { sandbox in
            let (shop, contact) = try await Self.shopAndContact(sandbox)
            #expect(
                try await sandbox.leat(.POST, "credit-receptions", form: "contact_uuid=\(contact)&shop_uuid=\(shop)&credits=7").code
                    == 60001)
            let listed = try await sandbox.leat(.GET, "loyalty-transactions?contact_uuid=\(contact)")
            #expect(listed.dataArray.count == 1 && listed.dataArray[0]["credits"] as? Int == 7)
        }
    }

    @Test func theTransactionsListPagesFiltersAndSortsEachWayTheTypeFilterMayGo() async throws {
        for filter in TransactionTypeFilter.allCases {
            for echo in [true, false] {
                try await SandboxHarness.with({
                    $0.seedContacts = 40
                    $0.seedShops = 2
                    $0.seedTransactions = 250
                    $0.typeFilter = filter
                    $0.echoTransactionAttributes = echo
                }) { sandbox in
                    var all: [[String: Any]] = []
                    for page in 1...3 { all += try await sandbox.leat(.GET, "loyalty-transactions?limit=100&page=\(page)").dataArray }
                    let first = try await sandbox.leat(.GET, "loyalty-transactions?limit=100")
                    #expect((first.object["meta"] as? [String: Any])?["total"] as? Int == 250 && all.count == 250)
                    #expect(Set(all.compactMap { $0["uuid"] as? String }).count == 250)
                    let times = all.compactMap { $0["created_at"] as? String }
                    #expect(times == times.sorted())
                    let rewards = all.filter { $0["type"] as? String == "reward_reception" }
                    #expect(!rewards.isEmpty && rewards.allSatisfy { ($0["credits"] as? Int ?? 0) < 0 && $0["title"] != nil })
                    let plural = try await sandbox.leat(.GET, "loyalty-transactions?limit=100&type=reward_receptions")
                    let singular = try await sandbox.leat(.GET, "loyalty-transactions?limit=100&type=reward_reception")
                    let total = { (answer: SandboxHarness.Answer) in (answer.object["meta"] as? [String: Any])?["total"] as? Int }
                    switch filter {
                    case .plural: #expect(total(plural) == rewards.count && total(singular) == 0)
                    case .singular: #expect(total(singular) == rewards.count && total(plural) == 0)
                    case .ignored: #expect(total(singular) == 250 && total(plural) == 250)
                    }
                    // A window by created_at, and its complement, split the list exactly.
                    let middle = times[125].replacingOccurrences(of: "+", with: "%2B")
                    let before = try await sandbox.leat(.GET, "loyalty-transactions?created_at%5Blt%5D=\(middle)")
                    let after = try await sandbox.leat(.GET, "loyalty-transactions?created_at%5Bgte%5D=\(middle)")
                    #expect(total(before)! + total(after)! == 250)
                    let newest = try await sandbox.leat(.GET, "loyalty-transactions?limit=1&sort=-created_at")
                    #expect(newest.dataArray.first?["uuid"] as? String == all.last?["uuid"] as? String)

                    let (shop, contact) = try await Self.shopAndContact(sandbox, "echo@example.com")
                    _ = try await sandbox.leat(.POST, "loyalty-transaction-attributes", form: "name=loyalty_batch_ref&data_type=text")
                    _ = try await sandbox.leat(
                        .POST, "credit-receptions", form: "contact_uuid=\(contact)&shop_uuid=\(shop)&credits=5&loyalty_batch_ref=r1")
                    let mine = try await sandbox.leat(.GET, "loyalty-transactions?contact_uuid=\(contact)")
                    #expect(mine.dataArray.count == 1 && (mine.dataArray[0]["loyalty_batch_ref"] as? String == "r1") == echo)
                }
            }
        }
    }
}
