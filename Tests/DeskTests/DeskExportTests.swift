import BatchKit
import Foundation
import Hummingbird
import HummingbirdTesting
import Jobs
import Testing

@testable import Desk

/// Exports from the desk: the CLI's export job, its figures on the page, its file kept until deleted.
@Suite(.timeLimit(.minutes(5))) struct DeskExportTests {
    @Test func transactionsAreExportedWithTheFiguresOfTheBooksAndKeptUntilDeleted() async throws {
        try await DeskHarness.with(sandbox: {
            $0.seedContacts = 30
            $0.seedTransactions = 250
        }) { desk in
            let list = String(buffer: try await desk.client.execute(uri: "/exports", method: .get).body)
            #expect(list.contains("<legend>The list</legend>") && !list.contains("Exports on this desk"))
            let asked = try await desk.post("/exports", "entity=transactions&format=csv&from=&to=")
            let location = try #require(asked.headers[.location])
            #expect(asked.status == .seeOther && location.hasPrefix("/exports/"))
            let page = try await desk.finished(location)
            #expect(page.contains("Download transactions-"), "\(page)")

            let file = try await desk.client.execute(uri: location + "/file", method: .get)
            #expect(file.headers[.contentDisposition]?.contains("attachment; filename=\"transactions-") == true)
            let path = desk.dataDirectory + "/downloaded.csv"
            try Data(buffer: file.body).write(to: URL(fileURLWithPath: path))
            var options = ReadOptions()
            options.delimiter = UInt8(ascii: ",")
            let reader = try CSVReader(path: path, options: options)
            let credits = try #require(reader.columns.firstIndex(of: "credits"))
            var (rows, sum) = (0, 0)
            while let row = try reader.next() {
                rows += 1
                sum += Int(row.values[credits]) ?? 0
            }
            #expect(rows == 250)
            #expect(page.contains("<th scope=\"row\">rows</th><td>250</td>"))
            #expect(
                page.contains(
                    "<th scope=\"row\">sum of credits</th><td>\(sum.formatted(.number.locale(Locale(identifier: "en_GB"))))</td>"),
                "the page's sum is the file's")
            #expect(page.contains("<code>\(try WrittenDigest.hex(ofFile: path))</code>"), "the page's SHA-256 is the file's")
            let manifest = try await desk.client.execute(uri: location + "/manifest", method: .get)
            let figures = try JSONSerialization.jsonObject(with: Data(buffer: manifest.body)) as? [String: Any]
            #expect(figures?["rows"] as? Int == 250)

            let again = String(buffer: try await desk.client.execute(uri: "/exports", method: .get).body)
            #expect(again.contains("Exports on this desk") && again.contains("<td>done</td><td>250</td>"))
            #expect(try await desk.post(location + "/delete").status == .seeOther)
            #expect(try await desk.client.execute(uri: location + "/file", method: .get).status == .notFound)
        }
    }

    /// On a desk with sign-in and no `--team`, an export is its maker's: another user neither
    /// sees it in the list nor opens, downloads or deletes it.
    @Test func anExportIsItsMakersOnly() async throws {
        try await DeskHarness.with(users: try SignInTests.users(), sandbox: { $0.seedContacts = 5 }) { desk in
            let ann = try await DeskSecurityTests.signedIn(desk, "ann", "correct+horse")
            let asked = try await desk.post("/exports", "entity=contacts&format=csv", csrf: ann.token, cookie: ann.cookie)
            let export = try #require(asked.headers[.location])
            #expect(try await desk.finished(export, cookie: ann.cookie).contains("Download contacts-"))
            let bob = try await DeskSecurityTests.signedIn(desk, "bob", "battery+staple")
            let list = String(buffer: try await desk.client.execute(uri: "/exports", method: .get, headers: [.cookie: bob.cookie]).body)
            #expect(!list.contains("contacts-"))
            let statuses = [
                try await desk.client.execute(uri: export, method: .get, headers: [.cookie: bob.cookie]).status,
                try await desk.client.execute(uri: export + "/file", method: .get, headers: [.cookie: bob.cookie]).status,
                try await desk.post(export + "/delete", csrf: bob.token, cookie: bob.cookie).status,
            ]
            #expect(statuses == [.notFound, .notFound, .notFound], "\(statuses)")
            #expect(try await desk.client.execute(uri: export + "/file", method: .get, headers: [.cookie: ann.cookie]).status == .ok)
        }
    }

    @Test func aContactsExportOfAPeriodHoldsThatPeriodAndABadDayIsNamed() async throws {
        try await DeskHarness.with(sandbox: { $0.seedContacts = 40 }) { desk in
            let refused = try await desk.post("/exports", "entity=contacts&format=xlsx&from=24-11-2026&to=")
            #expect(refused.status == .badRequest && String(buffer: refused.body).contains("&#39;24-11-2026&#39; is not a date"))
            let backwards = try await desk.post("/exports", "entity=contacts&format=xlsx&from=2026-11-24&to=2026-11-01")
            #expect(backwards.status == .badRequest && String(buffer: backwards.body).contains("ends (2026-11-01) before it begins"))
            // A period before any contact was made: an empty list, written as a workbook.
            let asked = try await desk.post("/exports", "entity=contacts&format=xlsx&from=2001-01-01&to=2001-01-31")
            let page = try await desk.finished(try #require(asked.headers[.location]))
            #expect(page.contains("<th scope=\"row\">rows</th><td>0</td>") && page.contains(".xlsx</a>"), "\(page)")
            let everyone = try await desk.post("/exports", "entity=contacts&format=xlsx")
            let all = try await desk.finished(try #require(everyone.headers[.location]))
            #expect(all.contains("<th scope=\"row\">rows</th><td>40</td>"), "\(all)")
        }
    }
}
