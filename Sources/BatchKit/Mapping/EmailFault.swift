/// What is wrong with an email address, as ``EmailAddress`` finds it: typed, so that each front
/// end words it in its own language (``words`` is the English).
public enum EmailFault: Sendable, Equatable, Codable {
    case empty
    case tooLong
    case space
    case tab
    case moreThanOneAt
    case noAt
    case nothingBeforeAt
    case nothingAfterAt
    case localPartTooLong
    /// A character not allowed before the @ (as Swift escapes it: `(`, `\u{7F}`).
    case characterBeforeAt(String)
    case dotsBeforeAt
    /// A character not allowed in the domain.
    case characterInDomain(String)
    /// The domain, which has no dot.
    case domainWithoutDot(String)
    case emptyDomainPart
    case domainPartTooLong
    case hyphenAtDomainPartEdge
    case noTopLevelDomain

    /// The fault in English, to follow "… is not a valid email address: ".
    public var words: String {
        switch self {
        case .empty: "the email is empty"
        case .tooLong: "longer than 254 characters"
        case .space: "contains a space"
        case .tab: "contains a tab"
        case .moreThanOneAt: "has more than one @"
        case .noAt: "has no @"
        case .nothingBeforeAt: "nothing before the @"
        case .nothingAfterAt: "nothing after the @"
        case .localPartTooLong: "more than 64 characters before the @"
        case .characterBeforeAt(let character): "the character '\(character)' is not allowed before the @"
        case .dotsBeforeAt: "a dot at the start or end of the part before the @, or two dots in a row"
        case .characterInDomain(let character): "the character '\(character)' is not allowed in the domain"
        case .domainWithoutDot(let domain): "the domain '\(domain)' has no dot"
        case .emptyDomainPart: "the domain has an empty part (two dots in a row, or a dot at its start or end)"
        case .domainPartTooLong: "a part of the domain is longer than 63 characters"
        case .hyphenAtDomainPartEdge: "a part of the domain starts or ends with a hyphen"
        case .noTopLevelDomain: "the domain does not end in a top-level domain such as .com or .nl"
        }
    }
}
