import Foundation
import NIOHTTP1
import Testing

/// Capillary's bulk referral invites: per-invite and per-customer codes, auth, and the invitee look-up.
@Suite(.timeLimit(.minutes(5))) struct CapillaryTests {
    static func customer(_ referrer: [String: Any], type: String, campaign: String = "J0H7Q", _ invites: [(String, String)]) -> [String:
        Any]
    {
        referrer.merging([
            "referrals": [
                "campaign_token": campaign,
                "referral_type": [
                    "type": type,
                    "referral": invites.map { ["id": "", "invited_on": "2024-09-10T16:35:52Z", "name": $0.0, "identifier": $0.1] },
                ],
            ]
        ]) { a, _ in a }
    }

    static func codes(_ answer: SandboxHarness.Answer) -> [[Int]] {
        let customers =
            ((answer.object["response"] as? [String: Any])?["customers"] as? [String: Any])?["customer"] as? [[String: Any]] ?? []
        return customers.map { customer in
            let item = (customer["item_status"] as? [String: Any])?["code"] as? Int ?? -1
            let types = (customer["referrals"] as? [String: Any])?["referral_type"] as? [[String: Any]] ?? []
            let invites = types.flatMap { $0["referral"] as? [[String: Any]] ?? [] }
            return [item] + invites.map { ($0["status"] as? [String: Any])?["code"] as? Int ?? -1 }
        }
    }

    @Test func aMixedRequestGivesExactlyTheDocumentedCodes() async throws {
        try await SandboxHarness.with({ $0.seedCustomers = 2 }) { sandbox in
            let body: [String: Any] = [
                "root": [
                    "customer": [
                        Self.customer(["mobile": "9190000000001"], type: "MOBILE", [("Ok", "7999836416"), ("Short", "79998364")]),
                        Self.customer(
                            ["email": "customer2@example.com"], type: "EMAIL", [("Mail", "friend@example.com"), ("Bad", "friend@@example")]),
                        Self.customer(["mobile": "9190000000002"], type: "POSTCARD", [("P", "7999836499")]),
                        Self.customer(["mobile": "910000000000"], type: "MOBILE", [("Nobody", "7999836400")]),
                        Self.customer(["mobile": "9190000000001"], type: "MOBILE", campaign: "NOPE", [("C", "7999836401")]),
                    ]
                ]
            ]
            let answer = try await sandbox.send(.POST, "/v1.1/customer/referrals", json: body, headers: SandboxHarness.capillaryAuth)
            #expect(answer.status == 200)
            #expect(answer.headers["x-cap-requestid"]?.isEmpty == false)
            #expect(Self.codes(answer) == [[1000, 1000, 1701], [1000, 1000, 1701], [1206, 1206], [1012, 1012], [1202, 1202]])
            let status = (answer.object["response"] as? [String: Any])?["status"] as? [String: Any]
            #expect(status?["code"] as? Int == 201)
            #expect(status?["success"] as? String == "false")

            let invites = try #require((try await sandbox.stats()["invites"] as? [String: Any]))
            #expect(
                invites["per_referrer_identifier"] as? [String: Int] == [
                    "mobile:9190000000001|7999836416": 1, "email:customer2@example.com|friend@example.com": 1,
                ])
            let lookup = try await sandbox.send(
                .GET, "/v1.1/customer/referrals?mobile=9190000000001&campaign_token=J0H7Q", headers: SandboxHarness.capillaryAuth)
            let customer =
                (((lookup.object["response"] as? [String: Any])?["customers"] as? [String: Any])?["customer"] as? [[String: Any]])?.first
            let invitees = ((customer?["referrals"] as? [String: Any])?["invitees"] as? [String: Any])?["invitee"] as? [[String: Any]]
            #expect(invitees?.map { $0["identifier"] as? String } == ["7999836416"])
        }
    }

    @Test func allFailedIs500AndAuthIsChecked() async throws {
        try await SandboxHarness.with { sandbox in
            let body: [String: Any] = [
                "root": ["customer": [Self.customer(["mobile": "910000000000"], type: "MOBILE", [("X", "7999836400")])]]
            ]
            let failed = try await sandbox.send(.POST, "/v1.1/customer/referrals", json: body, headers: SandboxHarness.capillaryAuth)
            #expect(failed.status == 500)
            #expect(((failed.object["response"] as? [String: Any])?["status"] as? [String: Any])?["code"] as? Int == 500)

            let wrong = [("Authorization", "Basic " + Data("sandbox:sandbox".utf8).base64EncodedString())]
            let unauthorized = try await sandbox.send(.POST, "/v1.1/customer/referrals", json: body, headers: wrong)
            #expect(unauthorized.status == 401)
            #expect(unauthorized.headers["x-cap-requestid"]?.isEmpty == false)
            let oauth = try await sandbox.send(
                .POST, "/v1.1/customer/referrals", json: body, headers: [("X-CAP-API-OAUTH-TOKEN", "sandbox-oauth-token")])
            #expect(oauth.status == 500)

            let registered = try await sandbox.send(
                .POST, "/_sandbox/capillary/customers", json: ["mobile": "910000000000", "firstname": "Late"], headers: [])
            #expect(registered.status == 201)
            let retried = try await sandbox.send(.POST, "/v1.1/customer/referrals", json: body, headers: SandboxHarness.capillaryAuth)
            #expect(retried.status == 200)
            #expect(Self.codes(retried) == [[1000, 1000]])
        }
    }
}
