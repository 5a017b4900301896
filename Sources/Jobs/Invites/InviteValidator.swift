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
    case reject(key: String, RowProblem)
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
        if let problem = source.problem { return .reject(key: key, problem) }
        let referrer: Referrer
        if !mobile.isEmpty {
            guard Self.isMobile(mobile, digits: 6...15) else {
                return .reject(
                    key: key,
                    RowProblem(
                        code: "invalid-referrer",
                        message:
                            "referrer mobile '\(mobile)' is not a mobile number: digits only, country code included (e.g. 917999836466)"))
            }
            referrer = .mobile(mobile)
        } else if !email.isEmpty {
            if let reason = EmailAddress.problem(with: email) {
                return .reject(
                    key: key,
                    RowProblem(code: "invalid-referrer", message: "referrer email '\(email)' is not a valid email address: \(reason)"))
            }
            referrer = .email(email)
        } else {
            return .reject(key: key, RowProblem(code: "missing-referrer", message: "no referrer: fill referrer_mobile or referrer_email"))
        }
        guard !identifier.isEmpty else {
            return .reject(key: key, RowProblem(code: "missing-identifier", message: "no identifier: fill the invitee's mobile or email"))
        }
        let typeCell = mapping.cell(.type, of: source).uppercased()
        guard let type = typeCell.isEmpty ? defaultType : typeCell else {
            return .reject(
                key: key, RowProblem(code: "missing-type", message: "no type: fill MOBILE or EMAIL, or pass \(Setting.type.mention())"))
        }
        guard type == "MOBILE" || type == "EMAIL" else {
            return .reject(
                key: key,
                RowProblem(
                    code: String(CapillaryCode.unsupportedType),
                    message: "Referral type '\(type)' is not supported: use MOBILE or EMAIL (found before sending)"))
        }
        if let problem = Self.identifierProblem(identifier, type: type) {
            return .reject(
                key: key,
                RowProblem(
                    code: String(CapillaryCode.invalidIdentifier),
                    message: "Invalid Identifier for the type: \(problem) (found before sending)"))
        }
        let campaignCell = mapping.cell(.campaignToken, of: source)
        guard let campaign = campaignCell.isEmpty ? defaultCampaign : campaignCell else {
            return .reject(
                key: key,
                RowProblem(
                    code: "missing-campaign-token",
                    message: "no campaign token: fill campaign_token or pass \(Setting.campaignToken.mention())"))
        }
        var invitedOn = mapping.cell(.invitedOn, of: source)
        if invitedOn.isEmpty {
            invitedOn = now
        } else if !Self.isISO8601(invitedOn) {
            return .reject(
                key: key,
                RowProblem(
                    code: "invalid-invited-on",
                    message:
                        "invited_on '\(invitedOn)' is not an ISO 8601 date or time (e.g. 2026-11-24 or 2026-11-24T16:35:52Z); leave it empty for now"
                ))
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
    static func identifierProblem(_ identifier: String, type: String) -> String? {
        if type == "MOBILE" {
            return isMobile(identifier, digits: 10...15)
                ? nil : "'\(identifier)' is not a mobile number of 10 to 15 digits with the country code (no + or spaces)"
        }
        return EmailAddress.problem(with: identifier).map { "'\(identifier)' is not an email address: \($0)" }
    }

    private static func isMobile(_ text: String, digits: ClosedRange<Int>) -> Bool {
        digits.contains(text.utf8.count) && text.utf8.allSatisfy { $0 &- 0x30 < 10 }
    }

    private static func isISO8601(_ text: String) -> Bool {
        (try? Date(text, strategy: .iso8601)) != nil
            || (try? Date(text, strategy: Date.ISO8601FormatStyle().year().month().day())) != nil
    }
}
