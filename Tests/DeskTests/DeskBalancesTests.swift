import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Points balances on the desk: a legacy export uploaded, its columns suggested, the mode and the
/// account's shop chosen, checked offline, previewed with its total, moved into Leat and
/// reconciled, on the same driver as the command line.
@Suite(.timeLimit(.minutes(5))) struct DeskBalancesTests {
    @Test func aLegacyPointsExportIsMappedCheckedPreviewedAndMovedOnce() async throws {
        try await DeskHarness.with { desk in
            let upload = try await desk.upload(
                "legacy-points.csv", try DeskHarness.repositoryFile("examples/legacy-points.csv"), kind: "balances")
            let job = try #require(upload.headers[.location])
            let map = String(buffer: try await desk.client.execute(uri: job, method: .get).body)
            #expect(
                DeskHarness.selected(for: "E-mailadres", in: map) == "email" && DeskHarness.selected(for: "Saldo", in: map) == "balance")
            #expect(DeskHarness.selected(for: "Klantnummer", in: map) == "reference" && DeskHarness.selected(for: "Naam", in: map) == "-")
            let shop = try #require(DeskHarness.value(after: #"<select name="shop"><option value=""#, in: map))
            #expect(map.contains(">Sandbox Shop</option>"))

            let targets = "target[]=reference&target[]=email&target[]=-&target[]=balance"
            let choices = targets + "&mode=&shop=\(shop)&no-debit=1&create-contacts=1"
            let yaml = String(buffer: try await desk.post(job + "/job-file", choices).body)
            #expect(
                yaml.contains("job: import balances") && yaml.contains("shop: \(shop)") && yaml.contains("no-debit: true")
                    && yaml.contains("create-contacts: true"))
            #expect(
                try await desk.post(job + "/mapping", "target[]=-&target[]=email&target[]=-&target[]=-&mode=&shop=\(shop)").status
                    == .badRequest,
                "a points file without a points column is sent back")
            #expect(try await desk.post(job + "/mapping", choices).status == .seeOther)

            let check = try await desk.checkedPage(job)
            #expect(
                check.contains("8 rows: <strong>5 ready</strong>, 1 skipped") && check.contains("ambiguous-points")
                    && check.contains("invalid-value"))
            #expect(check.contains("Move the points of the 5 members into Leat"))

            #expect(try await desk.post(job + "/preview").status == .seeOther)
            let preview = try await desk.finishedPreviewPage(job)
            #expect(preview.contains("members: 5; would credit 17,950 and debit 0 points, 17,950 in all"), "\(preview)")

            #expect(try await desk.post(job + "/run").status == .seeOther)
            let results = try await desk.finishedRunPage(job)
            #expect(results.contains("members: 5; points the file says: 17,950; points Leat now holds for them: 17,950"), "\(results)")
            #expect(results.contains("credited") && results.contains("rows to fix"))
            // A second click does not run it twice.
            #expect(try await desk.post(job + "/run").status == .seeOther)
            let report = String(buffer: try await desk.client.execute(uri: job + "/files/report.csv", method: .get).body)
            #expect(report.split(separator: "\r\n").count == 9, "a header and one line a row")
        }
    }
}
