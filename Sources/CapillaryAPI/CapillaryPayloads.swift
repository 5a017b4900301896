import Foundation

/// The body of `POST v1.1/customer/referrals`: one `customer` entry per ``ReferralGroup``.
struct InviteRequestBody: Encodable {
    struct Root: Encodable { var customer: [Customer] }
    struct Customer: Encodable {
        var mobile: String?
        var email: String?
        var referrals: Referrals
    }
    struct Referrals: Encodable {
        var campaign_token: String
        var referral_type: ReferralType
    }
    struct ReferralType: Encodable {
        var type: String
        var referral: [Referral]
    }
    struct Referral: Encodable {
        var id = ""
        var invited_on: String
        var name: String
        var identifier: String
    }
    var root: Root

    init(_ groups: [ReferralGroup]) {
        root = Root(
            customer: groups.map { group in
                var customer = Customer(
                    referrals: Referrals(
                        campaign_token: group.campaignToken,
                        referral_type: ReferralType(
                            type: group.type,
                            referral: group.invites.map {
                                Referral(invited_on: $0.invitedOn, name: $0.name, identifier: $0.identifier)
                            })))
                switch group.referrer {
                case .mobile(let mobile): customer.mobile = mobile
                case .email(let email): customer.email = email
                }
                return customer
            })
    }
}

/// `{"response": {"status": …, "customers": {"customer": [...]}}}`, for both the POST and the GET.
struct ResponseBody: Decodable {
    struct Response: Decodable {
        var status: StatusBody?
        var customers: Customers?
    }
    struct Customers: Decodable { var customer: [Customer]? }
    struct Customer: Decodable {
        var referrals: Referrals?
        var item_status: StatusBody?
    }
    struct Referrals: Decodable {
        var referral_type: OneOrMany<ReferralType>?
        var invitees: Invitees?
    }
    struct ReferralType: Decodable {
        var type: String?
        var referral: OneOrMany<Referral>?
    }
    struct Referral: Decodable {
        var identifier: String?
        var status: StatusBody?
    }
    struct Invitees: Decodable { var invitee: OneOrMany<InviteeBody>? }
    struct InviteeBody: Decodable {
        var identifier: String?
        var type: String?
        var campaign_token: String?
    }
    var response: Response
}

/// `{success, code, message}` with `success` as "true"/"false" or a boolean, `code` as a number or text.
struct StatusBody: Decodable {
    var status: CapillaryStatus

    private enum Keys: String, CodingKey { case success, code, message }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let success =
            (try? container.decode(Bool.self, forKey: .success))
            ?? ((try? container.decode(String.self, forKey: .success))?.lowercased() == "true")
        let code =
            (try? container.decode(Int.self, forKey: .code))
            ?? (try? container.decode(String.self, forKey: .code)).flatMap { Int($0) } ?? 0
        let message = (try? container.decode(String.self, forKey: .message)) ?? ""
        status = CapillaryStatus(success: success, code: code, message: message)
    }
}

/// A field that is one object or an array of them (Capillary writes both).
struct OneOrMany<Element: Decodable>: Decodable {
    var values: [Element]

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let many = try? container.decode([Element].self) { values = many } else { values = [try container.decode(Element.self)] }
    }
}
