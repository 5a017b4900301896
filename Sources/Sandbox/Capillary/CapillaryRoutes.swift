import Crypto
import Foundation
import Hummingbird
import TextFormats

/// Capillary's `POST`/`GET v1.1/customer/referrals`, as its documentation describes them (docs/sandbox.md).
struct CapillaryRoutes {
    let store: CapillaryStore

    func add(to group: RouterGroup<SandboxContext>) {
        group.post("customer/referrals", use: invite)
        group.get("customer/referrals", use: invitees)
    }

    /// Bulk invites: per-invite status (1701), per-customer `item_status` (1012, 1202, 1206), and an
    /// API-level status of 200, 201 (some customers failed) or 500 (all failed).
    @Sendable func invite(_ request: Request, context: SandboxContext) async throws -> Response {
        let body: InviteRequest
        do {
            body = try await JSONDecoder().decode(InviteRequest.self, from: request, context: context)
        } catch {
            return try capillaryResponse(
                status: CapillaryStatusAnswer(false, 400, "Invalid request body: expected {\"root\": {\"customer\": [...]}}"),
                httpStatus: .badRequest)
        }
        var results: [JSONValue] = []
        var failedCustomers = 0
        for entry in body.root.customer {
            let (result, ok) = handle(entry)
            results.append(result)
            if !ok { failedCustomers += 1 }
        }
        let status: CapillaryStatusAnswer
        let httpStatus: HTTPResponse.Status
        if failedCustomers == 0 {
            (status, httpStatus) = (CapillaryStatusAnswer(true, 200, "SUCCESS"), .ok)
        } else if failedCustomers < results.count {
            (status, httpStatus) = (CapillaryStatusAnswer(false, 201, "Some requests have failed due to errors"), .ok)
        } else {
            (status, httpStatus) = (CapillaryStatusAnswer(false, 500, "All requests have failed due to errors"), .internalServerError)
        }
        return try capillaryResponse(status: status, httpStatus: httpStatus, customers: results)
    }

    private func handle(_ entry: InviteRequest.Customer) -> (JSONValue, ok: Bool) {
        let groups = entry.referrals?.referral_type.values ?? []
        let campaign = entry.referrals?.campaign_token ?? ""
        var failure: CapillaryStatusAnswer?
        let found = store.customer(mobile: entry.mobile, email: entry.email)
        if found == nil {
            failure = CapillaryStatusAnswer(false, 1012, "Cannot find a customer for provided \(entry.mobile != nil ? "mobile" : "email").")
        } else if !store.knowsCampaign(campaign) {
            failure = CapillaryStatusAnswer(false, 1202, "Invalid campaign token")
        } else if let bad = groups.first(where: { !["MOBILE", "EMAIL"].contains($0.type ?? "") }) {
            failure = CapillaryStatusAnswer(false, 1206, "Referral type '\(bad.type ?? "")' is not supported.")
        }
        let types: [JSONValue] = groups.map { group in
            let referrals: [JSONValue] = (group.referral ?? []).map { invite in
                var status = failure ?? CapillaryStatusAnswer(true, 1000, "Refer was successful")
                if failure == nil, let found {
                    let identifier = invite.identifier ?? ""
                    if Self.isValid(identifier, type: group.type ?? "") {
                        store.store(
                            StoredInvite(
                                campaign: campaign, type: group.type ?? "", identifier: identifier,
                                name: invite.name ?? "", invitedOn: invite.invited_on ?? ""), referrer: found.key)
                    } else {
                        status = CapillaryStatusAnswer(false, 1701, "Invalid Identifier for the type")
                    }
                }
                return .object([
                    "id": .string(invite.id ?? ""), "name": .string(invite.name ?? ""), "identifier": .string(invite.identifier ?? ""),
                    "invited_on": .string(invite.invited_on ?? ""), "status": status.json,
                ])
            }
            return .object(["type": .string(group.type ?? ""), "referral": .array(referrals)])
        }
        let customer = found?.customer
        let result: JSONValue = .object([
            "email": entry.email.map { .string($0) } ?? .null, "mobile": entry.mobile.map { .string($0) } ?? .null,
            "external_id": .null, "firstname": .string(customer?.firstname ?? ""), "lastname": .string(customer?.lastname ?? ""),
            "referrals": .object(["referral_type": .array(types)]),
            "item_status": (failure ?? CapillaryStatusAnswer(true, 1000, "Referrals are invited successfully")).json,
        ])
        return (result, failure == nil)
    }

    /// A referrer's invitees: `?mobile=` or `?email=`, optionally `&campaign_token=`.
    @Sendable func invitees(_ request: Request, context: SandboxContext) throws -> Response {
        let mobile = request.query("mobile")
        let email = request.query("email")
        guard let found = store.customer(mobile: mobile, email: email) else {
            let status = CapillaryStatusAnswer(false, 1012, "Cannot find a customer for provided \(mobile != nil ? "mobile" : "email").")
            return try capillaryResponse(
                status: CapillaryStatusAnswer(false, 500, "All requests have failed due to errors"), httpStatus: .ok,
                customers: [
                    .object([
                        "mobile": mobile.map { .string($0) } ?? .null, "email": email.map { .string($0) } ?? .null,
                        "item_status": status.json,
                    ])
                ])
        }
        let invites = store.invites(referrer: found.key, campaign: request.query("campaign_token"))
        let invitees: [JSONValue] = invites.map {
            .object([
                "identifier": .string($0.identifier), "name": .string($0.name), "invited_on": .string($0.invitedOn),
                "type": .string($0.type), "campaign_token": .string($0.campaign),
            ])
        }
        let customer: JSONValue = .object([
            "mobile": found.customer.mobile.map { .string($0) } ?? .null, "email": found.customer.email.map { .string($0) } ?? .null,
            "firstname": .string(found.customer.firstname ?? ""), "lastname": .string(found.customer.lastname ?? ""),
            "referrals": .object(["invitees": .object(["invitee": .array(invitees)])]),
            "item_status": CapillaryStatusAnswer(true, 1000, "SUCCESS").json,
        ])
        return try capillaryResponse(status: CapillaryStatusAnswer(true, 200, "SUCCESS"), httpStatus: .ok, customers: [customer])
    }

    /// MOBILE: 10 to 15 digits; EMAIL: an address with a dot in its domain.
    static func isValid(_ identifier: String, type: String) -> Bool {
        switch type {
        case "MOBILE": return (10...15).contains(identifier.count) && identifier.allSatisfy(\.isASCIIDigit)
        default: return (try? LeatStore.validEmail(identifier)) != nil
        }
    }
}

/// Capillary's `{success, code, message}`, with `success` as the string "true"/"false".
struct CapillaryStatusAnswer {
    var success: Bool
    var code: Int
    var message: String

    init(_ success: Bool, _ code: Int, _ message: String) {
        self.success = success
        self.code = code
        self.message = message
    }

    var json: JSONValue {
        .object(["success": .string(success ? "true" : "false"), "code": .int(code), "message": .string(message)])
    }
}

/// `{"response": {"status": …, "customers": {"customer": [...]}}}`.
func capillaryResponse(status: CapillaryStatusAnswer, httpStatus: HTTPResponse.Status, customers: [JSONValue]? = nil) throws -> Response {
    var response: JSONObject = ["status": status.json]
    if let customers { response.append("customers", .object(["customer": .array(customers)])) }
    return jsonResponse(.object(["response": .object(response)]), status: httpStatus)
}

/// The request body of `POST v1.1/customer/referrals`.
struct InviteRequest: Decodable {
    struct Root: Decodable { var customer: [Customer] }
    struct Customer: Decodable {
        var mobile: String?
        var email: String?
        var referrals: Referrals?
    }
    struct Referrals: Decodable {
        var campaign_token: String?
        var referral_type: OneOrManyField<ReferralType>
    }
    struct ReferralType: Decodable {
        var type: String?
        var referral: [Referral]?
    }
    struct Referral: Decodable {
        var id: String?
        var invited_on: String?
        var name: String?
        var identifier: String?
    }
    var root: Root
}

/// A JSON field that is one object (as the docs' request shows) or an array of them (as responses show).
struct OneOrManyField<Element: Decodable>: Decodable {
    var values: [Element]

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let many = try? container.decode([Element].self) { values = many } else { values = [try container.decode(Element.self)] }
    }
}

/// Capillary's auth: `Basic base64(user:md5hex(password))` or a known `X-CAP-API-OAUTH-TOKEN`.
/// Every answer carries an `X-Cap-Requestid`.
struct CapillaryAuthMiddleware: RouterMiddleware {
    /// Username → MD5 hex of the password.
    let passwordHashes: [String: String]
    let oauthTokens: Set<String>

    init(users: [String: String], oauthTokens: [String]) {
        passwordHashes = users.mapValues { Hex.lower(Insecure.MD5.hash(data: Data($0.utf8))) }
        self.oauthTokens = Set(oauthTokens)
    }

    func handle(_ request: Request, context: SandboxContext, next: (Request, SandboxContext) async throws -> Response) async throws
        -> Response
    {
        var response: Response
        if let credential = credential(of: request) {
            var context = context
            context.credential = credential
            response = try await respond(request, context, next)
        } else {
            response = try capillaryResponse(
                status: CapillaryStatusAnswer(false, 401, "Unauthorized: send Basic base64(user:md5(password)) or X-CAP-API-OAUTH-TOKEN"),
                httpStatus: .unauthorized)
        }
        response.headers[.capRequestID] = UUID().uuidString.lowercased()
        return response
    }

    private func credential(of request: Request) -> String? {
        if let token = request.headers[.capOAuthToken], oauthTokens.contains(token) { return "capillary-oauth:" + token }
        guard let header = request.headers[.authorization], header.hasPrefix("Basic "),
            let decoded = Data(base64Encoded: String(header.dropFirst(6))),
            let text = String(data: decoded, encoding: .utf8),
            let colon = text.firstIndex(of: ":")
        else { return nil }
        let user = String(text[..<colon])
        guard let expected = passwordHashes[user], text[text.index(after: colon)...].lowercased() == expected else { return nil }
        return "capillary:" + user
    }
}
