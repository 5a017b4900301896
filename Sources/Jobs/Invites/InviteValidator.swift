import BatchKit
import CapillaryAPI
import Foundation
import TextFormats

/// An invite row, mapped and checked: what goes into a request.
struct InviteRow: Sendable {
    var line: Int
    var group: GroupKey
    var invite: ReferralInvite
    /// The report's key: `referrer/identifier`.
    var key: String { "\(group.referrer)/\(invite.identifier)" }

    /// The invites that share one `customer` entry of a request.
    struct GroupKey: Hashable, Sendable {
        var referrer: Referrer
        var campaignToken: String
        var type: String
    }
}

/// The verdict on one invite row, before anything is sent.
enum InviteVerdict: Sendable {
    case send(InviteRow)
    /// The same invite (referrer, campaign, identifier) as an earlier line: not sent twice.
    case skip(InviteRow, duplicateOf: Int)
    /// The row fails before any call; `key` is `referrer/identifier` as far as they are known.
    case reject(key: String, Problem)
}

/// Maps and checks invite rows one by one, so that what Capillary would refuse for its shape
/// (1206 unsupported type, 1701 identifier not fitting the type) never costs a call, and gets the
/// code Capillary would give.
struct InviteValidator: Sendable {
    private(set) var mapping: InviteMapping
    private let defaultType: String?
    private let defaultCampaign: String?
    /// `invited_on` for rows without one: when the run started.
    private let now: String
    /// Every invite seen, to send each one once: 16–24 bytes per invite.
    private var seen = DuplicateIndex()

    init(mapping: InviteMapping, defaultType: String?, defaultCampaign: String?, now: Date = Date()) {
        self.mapping = mapping
        self.defaultType = defaultType
        self.defaultCampaign = defaultCampaign
        self.now = now.formatted(.iso8601)
    }

    mutating func update(columns: [String]) throws(MappingError) {
        try mapping.update(columns: columns)
    }

    mutating func validate(_ source: SourceRow) -> InviteVerdict {
        let mobile = mapping.cell(.referrerMobile, of: source)
        let email = ASCIIText.lowercasedASCII(Substring(mapping.cell(.referrerEmail, of: source)))
        let identifier = mapping.cell(.identifier, of: source)
        let key = "\(mobile.isEmpty ? email : mobile)/\(identifier)"
        if let problem = source.problem { return .reject(key: key, .unreadable(problem)) }
        let referrer: Referrer
        if !mobile.isEmpty {
            guard Self.isMobile(mobile, digits: 6...15) else {
                return .reject(key: key, .invalidReferrerMobile(mobile))
            }
            referrer = .mobile(mobile)
        } else if !email.isEmpty {
            if let fault = EmailAddress.problem(with: email) { return .reject(key: key, .invalidReferrerEmail(email, fault)) }
            referrer = .email(email)
        } else {
            return .reject(key: key, .missingReferrer)
        }
        guard !identifier.isEmpty else {
            return .reject(key: key, .missingIdentifier)
        }
        let typeCell = mapping.cell(.type, of: source).uppercased()
        guard let type = typeCell.isEmpty ? defaultType : typeCell else {
            return .reject(key: key, .missingType)
        }
        guard type == "MOBILE" || type == "EMAIL" else {
            return .reject(key: key, .unsupportedType(type))
        }
        if let problem = Self.identifierProblem(identifier, type: type) { return .reject(key: key, problem) }
        let campaignCell = mapping.cell(.campaignToken, of: source)
        guard let campaign = campaignCell.isEmpty ? defaultCampaign : campaignCell else {
            return .reject(key: key, .missingCampaignToken)
        }
        var invitedOn = mapping.cell(.invitedOn, of: source)
        if invitedOn.isEmpty {
            invitedOn = now
        } else if !Self.isISO8601(invitedOn) {
            return .reject(key: key, .invalidInvitedOn(invitedOn))
        }
        let row = InviteRow(
            line: source.line, group: InviteRow.GroupKey(referrer: referrer, campaignToken: campaign, type: type),
            invite: ReferralInvite(identifier: identifier, name: mapping.cell(.name, of: source), invitedOn: invitedOn))
        let identity = "\(referrer)|\(campaign)|\(ASCIIText.lowercasedASCII(Substring(identifier)))"
        if let first = seen.firstLine(of: identity, seenOn: source.line) { return .skip(row, duplicateOf: first) }
        return .send(row)
    }

    /// Why `identifier` does not fit `type`, per Capillary's rule: MOBILE is 10 to 15 digits with the
    /// country code, EMAIL an email address.
    static func identifierProblem(_ identifier: String, type: String) -> Problem? {
        if type == "MOBILE" { return isMobile(identifier, digits: 10...15) ? nil : .invalidIdentifier(identifier, fault: nil) }
        return EmailAddress.problem(with: identifier).map { .invalidIdentifier(identifier, fault: $0) }
    }

    private static func isMobile(_ text: String, digits: ClosedRange<Int>) -> Bool {
        digits.contains(text.utf8.count) && text.utf8.allSatisfy { $0 &- 0x30 < 10 }
    }

    private static func isISO8601(_ text: String) -> Bool {
        (try? Date(text, strategy: .iso8601)) != nil
            || (try? Date(text, strategy: Date.ISO8601FormatStyle().year().month().day())) != nil
    }
}
