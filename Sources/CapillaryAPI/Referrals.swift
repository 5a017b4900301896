/// Who refers: a Capillary customer found by mobile or by email.
public enum Referrer: Hashable, Sendable, CustomStringConvertible {
    case mobile(String)
    case email(String)

    public var description: String {
        switch self {
        case .mobile(let mobile): mobile
        case .email(let email): email
        }
    }
}

/// One person invited.
public struct ReferralInvite: Sendable, Equatable {
    /// The invitee's mobile or email, as the group's type says.
    public var identifier: String
    public var name: String
    /// ISO 8601.
    public var invitedOn: String

    public init(identifier: String, name: String, invitedOn: String) {
        self.identifier = identifier
        self.name = name
        self.invitedOn = invitedOn
    }
}

/// The invites of one referrer for one campaign and type: one `customer` entry of a request.
public struct ReferralGroup: Sendable, Equatable {
    public var referrer: Referrer
    public var campaignToken: String
    /// `MOBILE` or `EMAIL`.
    public var type: String
    public var invites: [ReferralInvite]

    public init(referrer: Referrer, campaignToken: String, type: String, invites: [ReferralInvite] = []) {
        self.referrer = referrer
        self.campaignToken = campaignToken
        self.type = type
        self.invites = invites
    }
}

/// Capillary's `{success, code, message}`.
public struct CapillaryStatus: Sendable, Equatable {
    public var success: Bool
    public var code: Int
    public var message: String

    public init(success: Bool, code: Int, message: String) {
        self.success = success
        self.code = code
        self.message = message
    }
}

/// What Capillary said of one ``ReferralGroup``: the customer's `item_status`, and each invite's
/// own status by identifier.
public struct ReferralGroupResult: Sendable, Equatable {
    public var itemStatus: CapillaryStatus?
    public var inviteStatuses: [String: CapillaryStatus]

    /// The outcome of the invite of `identifier`: its own status when it failed, else the
    /// customer's failed `item_status`, else its own success; nil when the answer says nothing.
    public func status(of identifier: String) -> CapillaryStatus? {
        let own = inviteStatuses[identifier]
        if let own, !own.success { return own }
        if let itemStatus, !itemStatus.success { return itemStatus }
        return own
    }
}

/// An invite as `GET v1.1/customer/referrals` lists it.
public struct Invitee: Sendable, Equatable {
    public var identifier: String
    public var type: String?
    public var campaignToken: String?
}
