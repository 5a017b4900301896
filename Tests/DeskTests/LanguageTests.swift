import BatchKit
import Foundation
import Hummingbird
import HummingbirdTesting
import Jobs
import LeatAPI
import Sandbox
import Testing
import TextFormats

@testable import Desk

/// The desk in Dutch, English, French and German: one catalogue a language, complete, and the language
/// chosen from the browser or the switch on every page.
@Suite(.timeLimit(.minutes(5))) struct LanguageTests {
    @Test func everyCatalogueHasEveryKeyOfTheEnglishWithTheSameValuesInIt() {
        let english = DeskLanguage.english.catalogue
        for language in DeskLanguage.allCases {
            let catalogue = language.catalogue
            #expect(
                Set(catalogue.keys) == Set(english.keys), "\(language) misses \(Set(english.keys).subtracting(catalogue.keys).sorted())")
            #expect(
                Set(catalogue.keys).subtracting(english.keys).isEmpty,
                "\(language) has more: \(Set(catalogue.keys).subtracting(english.keys))")
            for (key, phrase) in english {
                #expect(Words.placeholders(catalogue[key] ?? "") == Words.placeholders(phrase), "\(language): \(key)")
            }
        }
    }

    @Test func everyWordAPageOrTheDeskSaysIsInEveryCatalogue() {
        var keys = Set(Pages.allTemplates.values.flatMap(Pages.keys(in:)))
        keys.formUnion(Phrase.allCases.map(\.rawValue))
        keys.formUnion(PageProblem.allCases.flatMap { [$0.heading, $0.text] })
        for kind in JobRecord.Kind.allCases {
            keys.insert("kind." + kind.rawValue)
            keys.formUnion((JobRecord.Kind.wordKeys + ["goCount"]).map { "kindWords.\(kind.rawValue).\($0)" })
        }
        keys.formUnion(["last", "first", "merge", "fail"].map { "duplicates." + $0 } + ["ignore", "clear"].map { "blank." + $0 })
        keys.formUnion(["", "MOBILE", "EMAIL"].map { "inviteType." + $0 } + ["", "set", "add"].map { "pointsMode." + $0 })
        keys.formUnion(["email", "balance", "credits", "reference"].map { "pointsField." + $0 })
        keys.formUnion(InviteField.allCases.map { "inviteField." + $0.rawValue } + [",", ";", "\t", "|"].map { "delimiter." + $0 })
        keys.formUnion(RowAction.allCases.map { "action." + $0.rawValue })
        keys.formUnion(Self.everyProblem.map { ProblemWords.phrase($0).0 })
        keys.formUnion(Self.everyProblem.filter { if case .answered = $0 { false } else { true } }.map { "code." + $0.code })
        keys.formUnion(
            ["field-count", "nul-byte", "field-too-large", "malformed-quote", "invalid-json", "cell-error"].map { "code." + $0 })
        keys.formUnion(ProblemWords.plainEmailFaults.map { "email.\($0)" })
        keys.formUnion(["characterBeforeAt", "characterInDomain", "domainWithoutDot"].map { "email." + $0 })
        keys.formUnion(["notANumber", "notThousands", "notWhole", "tooLarge"].map { "points." + $0 })
        keys.formUnion(["dryRun", "add", "set", "unknown", "differing"].map { "books." + $0 })
        // What the libraries say as phrases: a file's reading stopped, a run's stop, an API's answer.
        keys.formUnion(InputPhrase.allCases.map { Phrasing.input($0).key })
        keys.formUnion(StopPhrase.allCases.map { Phrasing.stop($0).key })
        keys.formUnion(APIPhrase.allCases.map { Phrasing.api($0).key })
        keys.formUnion(AcceptedPhrase.allCases.map { Phrasing.accepted($0).key })
        keys.formUnion(NotePhrase.allCases.map { Phrasing.note($0).key })
        keys.formUnion(JobProgress.Phase.allCases.map { "phase.\($0)" })
        keys.formUnion(
            [
                "fieldCount", "nulByte", "fieldTooLarge", "malformedQuote", "invalidJSON", "cellSharedString", "cellError",
                "cellWithoutHeader", "lineTooLong",
            ]
            .map { "row." + $0 })
        for language in DeskLanguage.allCases {
            let missing = keys.subtracting(language.catalogue.keys)
            #expect(missing.isEmpty, "\(language) has no words for \(missing.sorted())")
        }
    }

    @Test func aProblemIsWordedInTheLanguageWithItsValues() {
        let problem = Problem.invalidEmail("ann@example", .domainWithoutDot("example"))
        #expect(
            DeskLanguage.$current.withValue(.dutch) { ProblemWords.say(problem) }
                == "'ann@example' is geen geldig e-mailadres: het domein 'example' heeft geen punt")
        #expect(
            DeskLanguage.$current.withValue(.german) { ProblemWords.say(problem) }
                == "'ann@example' ist keine gültige E-Mail-Adresse: die Domain 'example' hat keinen Punkt")
        #expect(
            DeskLanguage.$current.withValue(.french) { ProblemWords.say(problem) }
                == "« ann@example » n'est pas une adresse e-mail valide : le domaine « example » n'a pas de point")
        #expect(ProblemWords.say(problem) == "'ann@example' is not a valid email address: the domain 'example' has no dot")
        #expect(DeskLanguage.$current.withValue(.dutch) { Words.number(1_234_567) } == "1.234.567")
        var books = PointsBooks()
        (books.members, books.filePoints, books.leatPoints, books.setsBalances, books.differing) = (
            2, 1500, 1200, true, ["ann@example.com"]
        )
        #expect(
            DeskLanguage.$current.withValue(.dutch) { Words.books(books) }
                == "leden: 2; punten volgens het bestand: 1.500; punten die Leat nu voor hen heeft: 1.200; leden met een ander saldo: ann@example.com"
        )
        #expect(DeskLanguage.$current.withValue(.english) { Words.number(1_234_567) } == "1,234,567")
        #expect(DeskLanguage.$current.withValue(.french) { Words.number(-1_234_567) } == "-1\u{202F}234\u{202F}567")
        #expect(Words.number(999) == "999" && Words.number(0) == "0" && Words.number(1000) == "1,000")
        // A date in the desk's time zone, each language's way: the hour is the zone's, the rest fixed.
        let utcNoon = Date(timeIntervalSince1970: 1_796_558_400)
        let noon = utcNoon.addingTimeInterval(-Double(TimeZone.current.secondsFromGMT(for: utcNoon)))
        #expect(DeskLanguage.$current.withValue(.german) { Words.date(noon) } == "06.12.2026, 12:00")
        #expect(Words.date(noon) == "2026-12-06 12:00")
    }

    @Test func theLanguageIsTheOnePickedElseTheBrowsersFirstTheDeskSpeaks() {
        #expect(DeskLanguage.chosen(cookie: nil, acceptLanguage: "nl-BE;q=0.8, en;q=0.5") == .dutch)
        #expect(DeskLanguage.chosen(cookie: nil, acceptLanguage: "es-ES, de;q=0.3, en;q=0.2") == .german)
        #expect(DeskLanguage.chosen(cookie: nil, acceptLanguage: "fr-CA,fr;q=0.9") == .french)
        #expect(DeskLanguage.chosen(cookie: nil, acceptLanguage: "en;q=0.5, de;q=0.9") == .german)
        #expect(DeskLanguage.chosen(cookie: nil, acceptLanguage: "de;q=0, es") == .english)
        #expect(DeskLanguage.chosen(cookie: nil, acceptLanguage: nil) == .english)
        #expect(DeskLanguage.chosen(cookie: "nl", acceptLanguage: "de") == .dutch)
        #expect(DeskLanguage.chosen(cookie: "xx", acceptLanguage: "de-AT") == .german)
    }

    @Test func aDutchBrowserGetsDutchPagesAndRowProblemsAndTheSwitchKeepsAnother() async throws {
        try await DeskHarness.with { desk in
            let home = try await desk.client.execute(uri: "/", method: .get, headers: [.acceptLanguage: "nl-NL,nl;q=0.9,en;q=0.8"])
            let page = String(buffer: home.body)
            #expect(page.contains("<html lang=\"nl\">") && page.contains("Het bestand bevat") && home.headers[.contentLanguage] == "nl")
            #expect(page.contains("href=\"/language/de?back=/\" lang=\"de\" hreflang=\"de\">Deutsch</a>"))

            let job = try await desk.mappedContacts("mensen.csv", "email,firstname\nann@example,Ann\nbob@example.com,Bob\n")
            let dutch = try await desk.checkedPage(job, cookie: "desk_language=nl")
            #expect(dutch.contains("<strong>1 te herstellen</strong>") && dutch.contains("Importeer de 1 rijen in Leat"), "\(dutch)")
            #expect(dutch.contains("het domein &#39;example&#39; heeft geen punt") && dutch.contains("<td>geen geldig e-mailadres</td>"))
            #expect(try await desk.post(job + "/preview", cookie: "desk_language=nl").status == .seeOther)
            let preview = try await desk.finished(job + "/preview", cookie: "desk_language=nl")
            #expect(
                preview.contains("<td>zou mislukken</td>") && preview.contains("het domein &#39;example&#39; heeft geen punt")
                    && preview.contains("met firstname</td>"), "\(preview)"
            )
            let english = try await desk.checkedPage(job)
            #expect(english.contains("<html lang=\"en\">") && english.contains("the domain &#39;example&#39; has no dot"))

            let switched = try await desk.client.execute(uri: "/language/de?back=" + job + "/check", method: .get)
            #expect(switched.status == .seeOther && switched.headers[.location] == job + "/check")
            #expect(switched.headers[values: .setCookie].contains { $0.hasPrefix("desk_language=de") })
            let german = try await desk.checkedPage(job, cookie: "desk_language=de")
            #expect(german.contains("<html lang=\"de\">") && german.contains("die Domain &#39;example&#39; hat keinen Punkt"))
            let elsewhere = try await desk.client.execute(uri: "/language/nl?back=//evil.example/", method: .get)
            #expect(elsewhere.headers[.location] == "/", "the switch goes back to this desk only")
        }
    }

    @Test func whatStopsAFileOrARunIsSaidInTheLanguageWithTheLibrarysValues() async throws {
        try await DeskHarness.with { desk in
            let header = try await desk.upload(
                "kop.csv", Array("email,\"voor\"naam\nann@example.com,Ann\n".utf8), cookie: "desk_language=nl")
            let refused = String(buffer: header.body)
            #expect(header.status == .unprocessableContent)
            #expect(
                refused.contains("regel 1: kolom 2 van de kopregel (&#39;voor…&#39;) heeft tekst na het sluitende aanhalingsteken"),
                "\(refused)")

        }
        // What an API said, in words of the language around the API's own message.
        let error = LeatError(kind: .api(code: 1), status: 401, message: "Unauthenticated.")
        let connection = Phrasing.stop(
            .connectionCheck, ["service": "Leat", "url": "https://leat.example", "outcome": .phrase(error.phrasing)])
        #expect(
            DeskLanguage.$current.withValue(.dutch) { Words.say(connection) }
                == "er is geen rij verstuurd: de verbindingscontrole bij https://leat.example mislukte (wie de balie heeft ingericht, "
                + "kan het Leat-adres en de token nakijken): Leat antwoordde met zijn fout 1 (HTTP 401): Unauthenticated.")
    }

    @Test func aValueItsAttributeDoesNotTakeIsSaidInTheLanguageWithWhatItTakes() async throws {
        try await DeskHarness.with(sandbox: { $0.attributes = [SandboxAttribute(argument: "nieuwsbrief:boolean")!] }) { desk in
            let job = try #require(
                try await desk.upload("brief.csv", Array("email,nieuwsbrief\nann@example.com,ja\n".utf8)).headers[.location])
            #expect(
                try await desk.post(job + "/mapping", "target[]=email&target[]=nieuwsbrief&on-duplicate=last&blank=ignore").status
                    == .seeOther)
            #expect(try await desk.post(job + "/run").status == .seeOther)
            let page = try await desk.finished(job + "/run", cookie: "desk_language=nl")
            #expect(
                page.contains("&#39;ja&#39; in kolom &#39;nieuwsbrief&#39; is niet wat nieuwsbrief")
                    && page.contains(
                        "aanneemt: true of false (ook 1 of 0, yes of no)"),
                "\(page)")
        }
    }

    /// A problem of every case: a case added to `Problem` breaks the switch below, the reminder
    /// to add it here.
    static let everyProblem: [Problem] = {
        let refusal = AttributeRefusal(name: "tier", column: "Tier", readOnlyAs: nil, suggestions: ["tiers"])
        let problems: [Problem] = [
            .unreadable(RowProblem(code: "field-count", message: "m", phrase: "fieldCount", values: ["found": "1", "expected": "2"])),
            .missingEmail, .invalidEmail("a", .noAt), .sameEmail(firstLine: 2),
            .invalidValue(
                value: "x", column: "born", attribute: "birthday", type: "date",
                accepted: ValueProblem(hint: "a date", phrasing: .accepted(.writeDate))),
            .unknownAttribute(refusal), .unknownAttribute(AttributeRefusal(name: "id", column: "id", readOnlyAs: "uuid", suggestions: [])),
            .unknownAttribute(AttributeRefusal(name: "zz", column: "zz", readOnlyAs: nil, suggestions: [])),
            .invalidPoints("x", reason: .notANumber), .ambiguousPoints("1.000", whole: 1000, integerPart: "1"), .sameMember(firstLine: 3),
            .invalidReferrerMobile("1"), .invalidReferrerEmail("b", .noAt), .missingReferrer, .missingIdentifier, .missingType,
            .unsupportedType("FAX"), .invalidIdentifier("c", fault: .noAt), .invalidIdentifier("1", fault: nil), .missingCampaignToken,
            .invalidInvitedOn("soon"), .memberNotFound, .wouldDebit(points: 5, balance: 3), .answered(code: "1003", message: "m"),
        ]
        for problem in problems {
            switch problem {
            case .unreadable, .missingEmail, .invalidEmail, .sameEmail, .invalidValue, .unknownAttribute, .invalidPoints, .ambiguousPoints,
                .sameMember, .invalidReferrerMobile, .invalidReferrerEmail, .missingReferrer, .missingIdentifier, .missingType,
                .unsupportedType, .invalidIdentifier, .missingCampaignToken, .invalidInvitedOn, .memberNotFound, .wouldDebit, .answered:
                continue
            }
        }
        return problems
    }()
}
