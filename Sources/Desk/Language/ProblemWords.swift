import BatchKit
import Jobs

/// A row's problem in the request's language, made from the typed ``Problem``: every case has a
/// phrase (`problem.<case>`), its faults theirs (`email.<fault>`, `points.<fault>`, `row.<phrase>`).
/// No setting is named as a flag: the desk's rules are said as the map page names them.
enum ProblemWords {
    static func say(_ problem: Problem) -> String {
        let (key, values) = phrase(problem)
        return Words.say(key, values)
    }

    /// The key of `problem`'s phrase and its values.
    static func phrase(_ problem: Problem) -> (String, [String: String]) {
        switch problem {
        case .unreadable(let row):
            guard let phrase = row.phrase else { return ("problem.asMessage", ["message": row.message]) }
            return ("row." + phrase, row.values)
        case .missingEmail: return ("problem.missingEmail", [:])
        case .invalidEmail(let value, let fault): return ("problem.invalidEmail", ["value": value, "fault": say(fault)])
        case .sameEmail(let first): return ("problem.sameEmail", ["line": "\(first)"])
        case .invalidValue(let value, let column, let attribute, let type, let accepted):
            return (
                "problem.invalidValue",
                [
                    "value": value, "column": column, "attribute": attribute, "type": Words.name(type, in: "type"),
                    "accepted": Words.say(accepted.phrasing),
                ]
            )
        case .unknownAttribute(let refusal):
            let subject = refusal.name == refusal.column ? "'\(refusal.name)'" : "'\(refusal.name)' (\(refusal.column))"
            if let readOnly = refusal.readOnlyAs { return ("problem.readOnlyAttribute", ["attribute": subject, "as": readOnly]) }
            let named = refusal.suggestions.map { "'\($0)'" }.joined(separator: " / ")
            return (
                refusal.suggestions.isEmpty ? "problem.unknownAttribute" : "problem.unknownAttributeLike",
                ["attribute": subject, "like": named]
            )
        case .invalidPoints(let text, let reason):
            return ("problem.invalidPoints", ["value": String(text.prefix(40)), "why": Words.say("points." + "\(reason)")])
        case .ambiguousPoints(let text, let whole, let integerPart):
            return ("problem.ambiguousPoints", ["value": text, "whole": Words.number(whole), "part": integerPart])
        case .sameMember(let first): return ("problem.sameMember", ["line": "\(first)"])
        case .invalidReferrerMobile(let mobile): return ("problem.invalidReferrerMobile", ["value": mobile])
        case .invalidReferrerEmail(let email, let fault): return ("problem.invalidReferrerEmail", ["value": email, "fault": say(fault)])
        case .missingReferrer: return ("problem.missingReferrer", [:])
        case .missingIdentifier: return ("problem.missingIdentifier", [:])
        case .missingType: return ("problem.missingType", [:])
        case .unsupportedType(let type): return ("problem.unsupportedType", ["value": type])
        case .invalidIdentifier(let identifier, let fault?):
            return ("problem.identifierNotEmail", ["value": identifier, "fault": say(fault)])
        case .invalidIdentifier(let identifier, nil): return ("problem.identifierNotMobile", ["value": identifier])
        case .missingCampaignToken: return ("problem.missingCampaignToken", [:])
        case .invalidInvitedOn(let text): return ("problem.invalidInvitedOn", ["value": text])
        case .memberNotFound: return ("problem.memberNotFound", [:])
        case .wouldDebit(let points, let balance):
            return ("problem.wouldDebit", ["points": Words.number(points), "balance": balance.map(Words.number) ?? "?"])
        case .answered(_, let message): return ("problem.asMessage", ["message": message])
        }
    }

    /// What is wrong with an email address, to follow "… is not a valid email address: ".
    static func say(_ fault: EmailFault) -> String {
        switch fault {
        case .characterBeforeAt(let character): Words.say("email.characterBeforeAt", ["character": character])
        case .characterInDomain(let character): Words.say("email.characterInDomain", ["character": character])
        case .domainWithoutDot(let domain): Words.say("email.domainWithoutDot", ["domain": domain])
        default: Words.say("email.\(fault)")
        }
    }

    /// The keys of an email fault without values (`email.<case>`), for the catalogue test.
    static let plainEmailFaults: [EmailFault] = [
        .empty, .tooLong, .space, .tab, .moreThanOneAt, .noAt, .nothingBeforeAt, .nothingAfterAt, .localPartTooLong, .dotsBeforeAt,
        .emptyDomainPart, .domainPartTooLong, .hyphenAtDomainPartEdge, .noTopLevelDomain,
    ]
}
