import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Sandbox
import Testing

/// Leat's contact endpoints, over HTTP to the in-process sandbox.
@Suite(.timeLimit(.minutes(5))) struct LeatContactsTests {
    @Test func findOrCreateAsyncIsIdempotentByEmail() async throws {
        try await SandboxHarness.with { sandbox in
            let first = try await sandbox.leat(.GET, "contacts/find-or-create/async?email=Anne@Example.com")
            #expect(first.status == 200)
            #expect(Set(first.object.keys) == ["data", "meta"])
            #expect((first.object["meta"] as? [Any])?.isEmpty == true)
            let uuid = try #require(first.dataObject["uuid"] as? String)
            #expect(uuid.count == 36)
            let again = try await sandbox.leat(.GET, "contacts/find-or-create/async?email=anne@example.com")
            #expect(again.dataObject["uuid"] as? String == uuid)
            let invalid = try await sandbox.leat(.GET, "contacts/find-or-create/async?email=not-an-email")
            #expect(invalid.status == 400)
            #expect(invalid.code == 1003)
            #expect(invalid.object["status_code"] as? Int == 400)
            #expect(invalid.object["message"] as? String == "Invalid input.")
        }
    }

    @Test func createRefusesAnExistingContactAndLinksReferrals() async throws {
        try await SandboxHarness.with { sandbox in
            let referrer = try await sandbox.leat(.POST, "contacts", json: ["email": "ref@example.com"])
            #expect(referrer.status == 201)
            let values = referrer.dataObject["current_values"] as? [String: Any] ?? [:]
            let code = try #require(values["referral_code"] as? String)
            let again = try await sandbox.leat(.POST, "contacts/async", json: ["email": "ref@example.com"])
            #expect(again.status == 400)
            #expect(again.code == 60005)
            #expect(again.object["message"] as? String == "Contact already exists.")

            let referred = try await sandbox.leat(.POST, "contacts/async", form: "email=new%40example.com&referral_code=\(code)")
            #expect(referred.status == 202)
            #expect(referred.dataObject["uuid"] as? String != nil)
            let referrals = try await sandbox.leat(.GET, "referrals?referring_contact_uuid=\(referrer.dataObject["uuid"] as? String ?? "")")
            #expect(referrals.dataArray.count == 1)
            #expect(referrals.dataArray.first?["status"] as? String == "pending")
            #expect((referrals.dataArray.first?["referred_contact"] as? [String: Any])?["email"] as? String == "new@example.com")

            let badCode = try await sandbox.leat(.POST, "contacts/async", json: ["email": "x@example.com", "referral_code": "NOPE"])
            #expect(badCode.code == 1003)
        }
    }

    @Test func findGetAndTheNotFoundCode() async throws {
        try await SandboxHarness.with { sandbox in
            let missing = try await sandbox.leat(.GET, "contacts/find-one-by?email=nobody@example.com")
            #expect(missing.status == 400)
            #expect(missing.code == 55031)
            let uuid = try await sandbox.uuid(of: "jan@example.com")
            let found = try await sandbox.leat(.GET, "contacts/find-one-by?email=jan@example.com")
            #expect(found.dataObject["uuid"] as? String == uuid)
            for key in [
                "id", "uuid", "email", "tier", "subscriptions", "credit_balance", "prepaid_balance", "current_values",
                "current_display_values",
            ] {
                #expect(found.dataObject[key] != nil, "missing \(key)")
            }
            let byUUID = try await sandbox.leat(.GET, "contacts/\(uuid)")
            #expect(byUUID.dataObject["email"] as? String == "jan@example.com")
            #expect(try await sandbox.leat(.GET, "contacts/00000000-0000-4000-8000-000000000000").code == 55031)
        }
    }

    @Test func updateTakesJSONAndFormsAndRefusesSystemValues() async throws {
        try await SandboxHarness.with({ $0.attributes = [SandboxAttribute(name: "points", type: "number")] }) { sandbox in
            let uuid = try await sandbox.uuid(of: "jan@example.com")
            let json = try await sandbox.leat(.PUT, "contacts/\(uuid)", json: ["attributes": ["firstname": "Jan", "points": 12]])
            #expect(json.status == 200)
            let form = try await sandbox.leat(.PUT, "contacts/\(uuid)", form: "attributes%5Blastname%5D=Smit&attributes%5Bcity%5D=Delft")
            let values = form.dataObject["current_values"] as? [String: Any] ?? [:]
            #expect(values["firstname"] as? String == "Jan")
            #expect(values["points"] as? String == "12")
            #expect(values["lastname"] as? String == "Smit")
            #expect(values["city"] as? String == "Delft")

            let system = try await sandbox.leat(.PUT, "contacts/\(uuid)", json: ["attributes": ["credit_balance": 5]])
            #expect(system.code == 1003)
            #expect((system.object["errors"] as? [String: Any])?["attributes.credit_balance"] != nil)
            #expect(try await sandbox.leat(.PUT, "contacts/\(uuid)", json: ["attributes": ["created_at": "2020-01-01"]]).code == 1003)
            #expect(try await sandbox.leat(.PUT, "contacts/\(uuid)", json: ["attributes": ["first name": "x"]]).code == 1003)
            #expect(try await sandbox.leat(.PUT, "contacts/\(uuid)", json: ["nothing": true]).code == 1003)
            let cleared = try await sandbox.leat(.PUT, "contacts/\(uuid)", json: ["attributes": ["city": ""]])
            #expect((cleared.dataObject["current_values"] as? [String: Any])?["city"] as? String == "")

            // The store as the dump shows it: one JSON object per line.
            var request = HTTPClientRequest(url: sandbox.sandbox.url + "/_sandbox/contacts.ndjson")
            request.method = .GET
            let dump = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            let lines = String(buffer: try await dump.body.collect(upTo: 1 << 20)).split(separator: "\n")
            #expect(lines.count == 1)
            let dumped = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
            #expect(dumped?["email"] as? String == "jan@example.com")
            #expect(dumped?["attributes"] as? [String: String] == ["firstname": "Jan", "points": "12", "lastname": "Smit"])
        }
    }

    @Test func answersEscapeTextAndShowEveryValueOnce() async throws {
        try await SandboxHarness.with({
            $0.attributes = [SandboxAttribute(name: "zodiac"), SandboxAttribute(name: "active", type: "boolean")]
        }) { sandbox in
            let uuid = try await sandbox.uuid(of: "jan@example.com")
            let awkward = "say \"hi\" \\ back\nslash\ttab\u{01}bell é 🎉"
            let answer = try await sandbox.leat(
                .PUT, "contacts/\(uuid)", json: ["attributes": ["city": awkward, "zodiac": "leo", "active": true]])
            #expect(answer.status == 200)
            let values = answer.dataObject["current_values"] as? [String: Any] ?? [:]
            let display = answer.dataObject["current_display_values"] as? [String: Any] ?? [:]
            #expect(values["city"] as? String == awkward)
            #expect(values["zodiac"] as? String == "leo")
            #expect(values["active"] as? String == "true")
            #expect(values["firstname"] as? String == "")
            #expect(values["uuid"] as? String == uuid)
            #expect(values["is_anonymous"] as? Bool == false)
            #expect(display["is_anonymous"] as? String == "false")
            #expect(Set(values.keys) == Set(display.keys))
            // The default attributes (9), the two custom ones, the system values (10), Leat's typed values and login links (7).
            #expect(values.count == 28)

            let array = try await sandbox.leat(.PUT, "contacts/\(uuid)", json: [1, 2])
            #expect(array.code == 1003)
            #expect((array.object["errors"] as? [String: Any])?["body"] != nil)
            let text = try await sandbox.leat(.PUT, "contacts/\(uuid)", json: ["attributes": "city=Delft"])
            #expect((text.object["errors"] as? [String: Any])?["attributes"] != nil)
            let nested = try await sandbox.leat(.PUT, "contacts/\(uuid)", json: ["attributes": ["city": ["Delft"]]])
            #expect((nested.object["errors"] as? [String: Any])?["attributes.city"] != nil)
        }
    }

    @Test func deleteAnonymousClaimMergeAndBalances() async throws {
        try await SandboxHarness.with { sandbox in
            let uuid = try await sandbox.uuid(of: "gone@example.com")
            #expect(try await sandbox.leat(.POST, "contacts/\(uuid)/delete", json: ["type": "SOMETIMES"]).code == 1003)
            let deleted = try await sandbox.leat(.POST, "contacts/\(uuid)/delete", json: ["type": "GDPR"])
            #expect(deleted.status == 200)
            #expect(deleted.object["data"] is NSNull)
            #expect(try await sandbox.leat(.GET, "contacts/\(uuid)").code == 55031)

            let anonymous = try await sandbox.leat(.POST, "contacts/anonymous", json: ["contact_identifier_value": "CARD-1"])
            let anonymousUUID = try #require(anonymous.dataObject["uuid"] as? String)
            #expect(try await sandbox.leat(.POST, "contacts/anonymous", json: ["contact_identifier_value": "CARD-1"]).code == 60014)
            let identifiers = try await sandbox.leat(.GET, "contacts/\(anonymousUUID)/contact-identifiers")
            #expect(identifiers.dataArray.first?["value"] as? String == "CARD-1")
            let claimed = try await sandbox.leat(.PUT, "contacts/\(anonymousUUID)/claim", json: ["email": "real@example.com"])
            #expect(claimed.dataObject["email"] as? String == "real@example.com")
            #expect(try await sandbox.leat(.PUT, "contacts/\(anonymousUUID)/claim", json: ["email": "again@example.com"]).code == 60016)

            let other = try await sandbox.uuid(of: "other@example.com")
            let merged = try await sandbox.leat(
                .POST, "contacts/merge", json: ["source_contact_uuid": other, "destination_contact_uuid": anonymousUUID])
            #expect(merged.status == 200)
            #expect(try await sandbox.leat(.GET, "contacts/\(other)").code == 55031)
            #expect(
                try await sandbox.leat(
                    .POST, "contacts/merge", json: ["source_contact_uuid": other, "destination_contact_uuid": anonymousUUID]
                ).code == 55031)

            #expect(try await sandbox.leat(.GET, "contacts/\(anonymousUUID)/credit-balance").dataObject["balance"] as? Int == 0)
            let prepaid = try await sandbox.leat(.GET, "contacts/\(anonymousUUID)/prepaid-balance")
            #expect(prepaid.dataObject["balance_in_cents"] as? Int == 0)
            #expect(prepaid.dataObject["balance"] as? String == "€0.00")
            #expect(try await sandbox.leat(.GET, "contacts/\(anonymousUUID)/tier").data is NSNull)
        }
    }

    @Test func usageLimitGives60000() async throws {
        try await SandboxHarness.with({ $0.usageLimit = 2 }) { sandbox in
            _ = try await sandbox.uuid(of: "a@example.com")
            _ = try await sandbox.uuid(of: "b@example.com")
            let third = try await sandbox.leat(.GET, "contacts/find-or-create/async?email=c@example.com")
            #expect(third.status == 400)
            #expect(third.code == 60000)
            #expect(third.object["message"] as? String == "Usage limit reached.")
            // Finding an existing contact is still fine.
            #expect(try await sandbox.leat(.GET, "contacts/find-or-create/async?email=a@example.com").status == 200)
        }
    }

    @Test func missingOrWrongTokenIs401() async throws {
        try await SandboxHarness.with { sandbox in
            #expect(try await sandbox.leat(.GET, "tiers", headers: []).status == 401)
            #expect(try await sandbox.leat(.GET, "tiers", headers: [("Authorization", "Bearer wrong")]).status == 401)
            let tiers = try await sandbox.leat(.GET, "tiers")
            #expect(tiers.dataArray.map { $0["name"] as? String } == ["Bronze", "Silver", "Gold"])
            #expect(Set(tiers.dataArray.first?.keys ?? [:].keys) == ["name", "description", "position", "media", "uuid"])
        }
    }
}
