import Foundation
import Hummingbird

/// The sandbox's own endpoints under `/_sandbox` (no auth): stats, a dump of the contact store,
/// changing the usage limit, and registering Capillary customers.
struct AdminRoutes {
    let leat: LeatStore
    let capillary: CapillaryStore
    let stats: SandboxStats

    func add(to group: RouterGroup<SandboxContext>) {
        group.get("stats") { _, _ in
            let counts = stats.snapshot
            let (contacts, referrals) = leat.counts
            let (invites, customers) = capillary.counts
            let report = StatsReport(
                requests: counts.requests, requests_total: counts.requests_total, writes: counts.writes, throttled: counts.throttled,
                faults: .init(failed: counts.failed, dropped_before: counts.dropped_before, dropped_after: counts.dropped_after),
                contacts: contacts, referrals: referrals, tiers: Tier.all.count, capillary_customers: customers,
                invites: .init(
                    total: invites.values.reduce(0, +), sent_more_than_once: invites.values.filter { $0 > 1 }.count,
                    per_referrer_identifier: invites))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: try encoder.encode(report))))
        }
        group.get("contacts.ndjson") { _, _ in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var buffer = ByteBuffer()
            for contact in leat.allContacts() {
                let line = DumpedContact(
                    uuid: contact.uuid, email: contact.email, created_at: Timestamp.format(contact.createdAt),
                    attributes: contact.attributes, referral_code: contact.referralCode,
                    loyalty_balance: contact.loyaltyBalance, is_anonymous: contact.isAnonymous)
                buffer.writeBytes(try encoder.encode(line))
                buffer.writeString("\n")
            }
            return Response(status: .ok, headers: [.contentType: "application/x-ndjson"], body: ResponseBody(byteBuffer: buffer))
        }
        group.put("usage-limit") { request, context in
            let body = try await request.decode(as: UsageLimitBody.self, context: context)
            leat.setUsageLimit(body.usage_limit)
            return Response(status: .noContent)
        }
        group.post("capillary/customers") { request, context in
            let customer = try await request.decode(as: CapillaryCustomer.self, context: context)
            guard customer.mobile != nil || customer.email != nil else {
                throw HTTPError(.badRequest, message: "a customer needs a mobile or an email")
            }
            capillary.register(customer)
            return Response(status: .created)
        }
    }
}

private struct StatsReport: Encodable {
    struct Faults: Encodable {
        var failed: Int
        var dropped_before: Int
        var dropped_after: Int
    }
    struct Invites: Encodable {
        var total: Int
        var sent_more_than_once: Int
        var per_referrer_identifier: [String: Int]
    }
    var requests: [String: Int]
    var requests_total: Int
    var writes: Int
    var throttled: Int
    var faults: Faults
    var contacts: Int
    var referrals: Int
    var tiers: Int
    var capillary_customers: Int
    var invites: Invites
}

private struct DumpedContact: Encodable {
    var uuid: String
    var email: String
    var created_at: String
    var attributes: [String: String]
    var referral_code: String
    var loyalty_balance: Int
    var is_anonymous: Bool
}

private struct UsageLimitBody: Decodable {
    /// The new limit; null removes it.
    var usage_limit: Int?
}
