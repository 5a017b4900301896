import BatchKit
import Commands
import Jobs
import Testing
import TextFormats

/// A row's problem is typed: its code is the report's, never changed, and its words are made from
/// its parameters, naming a setting as the task's wording does.
@Suite struct ProblemTests {
    /// One problem of each kind, with the code the report has always had for it.
    static let codes: [(Problem, String)] = [
        (.unreadable(RowProblem(code: "field-count", message: "3 fields")), "field-count"),
        (.missingEmail, "missing-email"),
        (.invalidEmail("ann@localhost", .domainWithoutDot("localhost")), "invalid-email"),
        (.sameEmail(firstLine: 2), "duplicate-key"),
        (
            .invalidValue(
                value: "x", column: "Geboren", attribute: "birthday", type: "date",
                accepted: ValueProblem(hint: "a date", phrasing: .accepted(.writeDate))), "invalid-value"
        ),
        (.unknownAttribute(AttributeRefusal(name: "tier", column: "Tier", readOnlyAs: nil, suggestions: ["tiers"])), "unknown-attribute"),
        (.invalidPoints("1,5", reason: .notWhole), "invalid-value"),
        (.ambiguousPoints("1.000", whole: 1000, integerPart: "1"), "ambiguous-points"),
        (.sameMember(firstLine: 4), "duplicate-member"),
        (.invalidReferrerMobile("12"), "invalid-referrer"),
        (.invalidReferrerEmail("a@", .nothingAfterAt), "invalid-referrer"),
        (.missingReferrer, "missing-referrer"),
        (.missingIdentifier, "missing-identifier"),
        (.missingType, "missing-type"),
        (.unsupportedType("WHATSAPP"), "1206"),
        (.invalidIdentifier("79998364", fault: nil), "1701"),
        (.missingCampaignToken, "missing-campaign-token"),
        (.invalidInvitedOn("gisteren"), "invalid-invited-on"),
        (.memberNotFound, "contact-not-found"),
        (.wouldDebit(points: 5, balance: 3), "would-debit"),
        (.answered(code: "1003", message: "The value is invalid"), "1003"),
    ]

    @Test func everyProblemHasItsReportCodeAndWords() {
        for (problem, code) in Self.codes {
            #expect(problem.code == code)
            let line = RowOutcome(line: 2, key: "k", action: .invalid, problem: problem).reportLine
            #expect(!problem.words.isEmpty && !line.ok && line.errorCode == code && line.errorMessage == problem.words)
        }
    }

    @Test func wordsAreMadeFromTheParameters() {
        #expect(
            Problem.invalidEmail("ann@example", .domainWithoutDot("example")).words
                == "'ann@example' is not a valid email address: the domain 'example' has no dot")
        #expect(
            Problem.unknownAttribute(AttributeRefusal(name: "tier", column: "Tier", readOnlyAs: nil, suggestions: ["tiers"])).words
                .hasPrefix("'tier' (column 'Tier') is not a Leat contact attribute; did you mean 'tiers'?"))
        #expect(Problem.invalidPoints("12abc", reason: .notANumber).words == "'12abc' is not a whole number of points: it is not a number")
    }

    @Test func aSettingIsNamedAsTheFrontEndSaysIt() {
        #expect(Problem.missingType.words == "no type: fill MOBILE or EMAIL, or pass the invites' type")
        let flags = Wording.$current.withValue(.commandLine) { Problem.missingType.words }
        #expect(flags == "no type: fill MOBILE or EMAIL, or pass --type")
    }
}
