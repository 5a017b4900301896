import BatchKit
import CapillaryAPI
import TextFormats

/// Why a row is refused before anything is sent: the report's stable code (``code``) and what
/// its words need (the value, the column, the other line). The words are made from these at the
/// edge (``words``, English; a setting named as the task's ``Wording`` says it), so another front
/// end or language can word the same problem its own way.
public indirect enum Problem: Error, Sendable, Equatable, Codable {
    /// What the reader found wrong with the row itself (its fields, a cell of a workbook).
    case unreadable(RowProblem)
    case missingEmail
    case invalidEmail(String, EmailFault)
    /// The same email as an earlier line, under `--on-duplicate fail`.
    case sameEmail(firstLine: Int)
    /// A cell the attribute's type does not take; `accepted` says what it takes.
    case invalidValue(value: String, column: String, attribute: String, type: String, accepted: ValueProblem)
    /// A column an NDJSON row brought that is no attribute (or a read-only one) of the account.
    case unknownAttribute(AttributeRefusal)
    /// A balance's points that are no whole number; `reason` says why.
    case invalidPoints(String, reason: PointsFault)
    /// Points whose separator could be a thousands or a decimal one.
    case ambiguousPoints(String, whole: Int, integerPart: String)
    /// A member whose balance an earlier line sets.
    case sameMember(firstLine: Int)
    case invalidReferrerMobile(String)
    case invalidReferrerEmail(String, EmailFault)
    case missingReferrer
    case missingIdentifier
    case missingType
    /// A type Capillary does not take (its code 1206, found before sending).
    case unsupportedType(String)
    /// An identifier that does not fit its type (Capillary's code 1701, found before sending): an
    /// email with its fault, or (no fault) not a mobile number.
    case invalidIdentifier(String, fault: EmailFault?)
    case missingCampaignToken
    case invalidInvitedOn(String)
    /// Balances: Leat has no member with this email (and the import creates none).
    case memberNotFound
    /// Balances that take no points off: the row would take `points` off `balance`.
    case wouldDebit(points: Int, balance: Int?)
    /// What the service said of the row, or how the way to it failed after the retries: Leat's or
    /// Capillary's code (or `http-503`, `timeout`, `outcome-unknown`, …) and its text.
    case answered(code: String, message: String)

    /// Why a points cell is no whole number.
    public enum PointsFault: Sendable, Equatable, Codable {
        case notANumber
        case notThousands
        case notWhole
        case tooLarge
    }

    /// The report's `error_code`: a file format people script against, never changed.
    public var code: String {
        switch self {
        case .unreadable(let problem): problem.code
        case .missingEmail: "missing-email"
        case .invalidEmail: "invalid-email"
        case .sameEmail: "duplicate-key"
        case .invalidValue, .invalidPoints: "invalid-value"
        case .unknownAttribute: "unknown-attribute"
        case .ambiguousPoints: "ambiguous-points"
        case .sameMember: "duplicate-member"
        case .invalidReferrerMobile, .invalidReferrerEmail: "invalid-referrer"
        case .missingReferrer: "missing-referrer"
        case .missingIdentifier: "missing-identifier"
        case .missingType: "missing-type"
        case .unsupportedType: String(CapillaryCode.unsupportedType)
        case .invalidIdentifier: String(CapillaryCode.invalidIdentifier)
        case .missingCampaignToken: "missing-campaign-token"
        case .invalidInvitedOn: "invalid-invited-on"
        case .memberNotFound: "contact-not-found"
        case .wouldDebit: "would-debit"
        case .answered(let code, _): code
        }
    }

    /// The problem in English: the report's `error_message`.
    public var words: String {
        switch self {
        case .unreadable(let problem): problem.message
        case .missingEmail: "the email cell is empty"
        case .invalidEmail(let value, let fault): "'\(value)' is not a valid email address: \(fault.words)"
        case .sameEmail(let first): "the same email as line \(first) (\(Setting.onDuplicate.mention("fail"))); remove one of the two rows"
        case .invalidValue(let value, let column, let attribute, let type, let accepted):
            "'\(value)' in column '\(column)' is not what \(attribute) (\(type)) takes: \(accepted.hint)"
        case .unknownAttribute(let refusal):
            refusal.words + "; the file's first row did not have this column, so it was not checked before the run"
        case .invalidPoints(let text, let reason): "'\(text.prefix(40))' is not a whole number of points: \(reason.words)"
        case .ambiguousPoints(let text, let whole, let integerPart):
            "'\(text)' could be read as \(whole) or as \(integerPart) and a fraction: write the points without a separator"
        case .sameMember(let first): "line \(first) sets this member's balance already; one balance a member"
        case .invalidReferrerMobile(let mobile):
            "referrer mobile '\(mobile)' is not a mobile number: digits only, country code included (e.g. 917999836466)"
        case .invalidReferrerEmail(let email, let fault): "referrer email '\(email)' is not a valid email address: \(fault.words)"
        case .missingReferrer: "no referrer: fill referrer_mobile or referrer_email"
        case .missingIdentifier: "no identifier: fill the invitee's mobile or email"
        case .missingType: "no type: fill MOBILE or EMAIL, or pass \(Setting.type.mention())"
        case .unsupportedType(let type): "Referral type '\(type)' is not supported: use MOBILE or EMAIL (found before sending)"
        case .invalidIdentifier(let identifier, let fault?):
            "Invalid Identifier for the type: '\(identifier)' is not an email address: \(fault.words) (found before sending)"
        case .invalidIdentifier(let identifier, nil):
            "Invalid Identifier for the type: '\(identifier)' is not a mobile number of 10 to 15 digits with the country code (no + or spaces) (found before sending)"
        case .missingCampaignToken: "no campaign token: fill campaign_token or pass \(Setting.campaignToken.mention())"
        case .invalidInvitedOn(let text):
            "invited_on '\(text)' is not an ISO 8601 date or time (e.g. 2026-11-24 or 2026-11-24T16:35:52Z); leave it empty for now"
        case .memberNotFound:
            "no member with this email in Leat (55031): check the email, or have the import create members Leat does not have"
        case .wouldDebit(let points, let balance):
            "it would take \(points) points off (balance \(balance.map(String.init) ?? "?")), and this import takes none off"
        case .answered(_, let message): message
        }
    }

}

/// Why an attribute `name` (of `column`) cannot be written: read-only in Leat as `readOnlyAs`, or
/// no attribute of the account, with the closest names.
public struct AttributeRefusal: Sendable, Equatable, Codable {
    public var name: String
    public var column: String
    public var readOnlyAs: String?
    public var suggestions: [String]

    package init(name: String, column: String, readOnlyAs: String?, suggestions: [String]) {
        (self.name, self.column, self.readOnlyAs, self.suggestions) = (name, column, readOnlyAs, suggestions)
    }

    /// The refusal in English.
    public var words: String {
        let subject = name == column ? "'\(name)'" : "'\(name)' (column '\(column)')"
        if let readOnlyAs { return "\(subject) is read-only in Leat (\(readOnlyAs)): an import cannot set it" }
        let hint = suggestions.isEmpty ? "" : "; did you mean " + suggestions.map { "'\($0)'" }.joined(separator: " or ") + "?"
        return "\(subject) is not a Leat contact attribute\(hint)"
    }
}

extension Problem.PointsFault {
    var words: String {
        switch self {
        case .notANumber: "it is not a number"
        case .notThousands: "its groups of digits are not thousands"
        case .notWhole: "points are whole numbers"
        case .tooLarge: "it is larger than \(Int32.max) points"
        }
    }
}
