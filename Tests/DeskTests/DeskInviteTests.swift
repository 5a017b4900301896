import CapillaryAPI
import Commands
import Desk
import Foundation
import Hummingbird
import HummingbirdTesting
import Jobs
import NIOCore
import Sandbox
import Synchronization
import Testing

/// Referral invites on the desk: the same steps as contacts, sent through Capillary by the same
/// job the CLI runs, exactly once.
@Suite(.timeLimit(.minutes(5))) struct DeskInviteTests {
    static let fields = ["referrer_mobile", "referrer_email", "identifier", "name", "type", "campaign_token"]

    @Test func invitesAreMappedCheckedAndSentAsTheCLISendsThem() async throws {
        let file = try DeskHarness.repositoryFile("examples/referrals.csv")
        let deskReport = Mutex<[[String]]>([])
        try await DeskHarness.with(sandbox: { $0.seedCustomers = 100 }) { desk in
            let job = try #require(try await desk.upload("referrals.csv", file, kind: "invites").headers[.location])
            let map = String(buffer: try await desk.client.execute(uri: job, method: .get).body)
            for field in Self.fields { #expect(DeskHarness.selected(for: field, in: map) == field, "\(field)") }
            #expect(map.contains("For rows without them") && !map.contains("When an email is on more than one row"))

            let targets = Self.fields.map { "target[]=\($0)" }.joined(separator: "&") + "&type=&campaign-token="
            #expect(try await desk.post(job + "/mapping", targets).status == .seeOther)
            let check = DeskHarness.cellsAsText(try await desk.checkedPage(job))
            #expect(
                check.contains("11 rows: <strong>7 ready</strong>, 1 skipped (the same referrer/invitee again), <strong>3 to fix</strong>"),
                "\(check)")
            #expect(
                check.contains(
                    "<td>10</td><td>9190000000004</td><td></td><td>31633334444</td><td>Bram de Wit</td><td>WHATSAPP</td><td>J0H7Q</td><td>1206</td>"
                ))
            #expect(check.contains("Send the 7 invites through Capillary"))

            // The preview looks the referrers' invitees up, and sends nothing.
            #expect(try await desk.post(job + "/preview").status == .seeOther)
            let preview = try await desk.finishedPreviewPage(job)
            #expect(
                preview.contains("Nothing was sent: this is a dry run") && preview.contains("<td>would be invited</td><td>6</td>")
                    && preview.contains("<td>would fail</td><td>4</td>"), "\(preview)")
            #expect(preview.contains("<th>referrer/invitee</th>") && preview.contains("Send the invites through Capillary"))

            #expect(try await desk.post(job + "/run").status == .seeOther)
            let results = try await desk.finishedRunPage(job)
            #expect(
                results.contains("referrals.csv: sent") && results.contains("<strong>6 ok</strong>, <strong>5 failed</strong>"),
                "\(results)")
            #expect(results.contains("<td>invited</td><td>5</td>"))
            // A row Capillary refused is among the rows to fix, with its cells (fields to fix) and Capillary's code.
            #expect(
                DeskHarness.cellsAsText(results).contains(
                    "<td>9</td><td>9199999999999</td><td></td><td>31622223333</td><td>Lotte Jansen</td><td>MOBILE</td><td>J0H7Q</td><td>1012</td>"
                ))
            let report = try await desk.client.execute(uri: job + "/files/report.csv", method: .get)
            deskReport.withLock { $0 = DeskRunTests.outcomes(String(buffer: report.body)) }
            // Sent once: a second click does not send again.
            #expect(try await desk.post(job + "/run").status == .seeOther)
            #expect(try await desk.finishedRunPage(job).contains("<strong>6 ok</strong>"))
            let home = String(buffer: try await desk.client.execute(uri: "/", method: .get).body)
            #expect(
                home.contains("referrals.csv</a></td><td>invites</td><td>local</td>") && home.contains("<td>done</td><td>6</td><td>5</td>"))
        }
        // The CLI's job, the same file, a fresh sandbox.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("desk-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data(file).write(to: URL(fileURLWithPath: folder + "/referrals.csv"))
        var configuration = SandboxConfiguration()
        configuration.seedCustomers = 100
        try await SandboxServer.withRunning(configuration) { sandbox in
            let (user, password) = configuration.capillaryUsers.first!
            let capillary = try CapillaryConfiguration(
                baseURL: sandbox.capillaryBaseURL, credential: CapillaryConfiguration.basic(username: user, password: password))
            _ = try await withCapillaryClient(configuration: capillary) {
                try await InviteReferralsJob.run(input: folder + "/referrals.csv", options: InviteOptions(), client: $0)
            }
        }
        let cli = DeskRunTests.outcomes(try String(contentsOfFile: folder + "/referrals.csv.report.csv", encoding: .utf8))
        let fromDesk = deskReport.withLock { $0 }
        #expect(fromDesk.count == 11 && fromDesk == cli)
    }

    @Test func theDefaultsOfAnInvitesFileGoIntoItsJobFile() async throws {
        try await DeskHarness.with { desk in
            let csv = "Verwijzer,Vriend,Naam\n9190000000001,31612345678,Sanne\n"
            let job = try #require(try await desk.upload("vrienden.csv", Array(csv.utf8), kind: "invites").headers[.location])
            let missing = try await desk.post(
                job + "/job-file", "target[]=referrer_mobile&target[]=identifier&target[]=name&type=MOBILE&campaign-token=")
            #expect(missing.status == .badRequest && String(buffer: missing.body).contains("give the campaign token"))
            let noReferrer = try await desk.post(
                job + "/job-file", "target[]=-&target[]=identifier&target[]=name&type=MOBILE&campaign-token=J0H7Q")
            #expect(noReferrer.status == .badRequest && String(buffer: noReferrer.body).contains("the referrer&#39;s mobile or email"))

            let answer = try await desk.post(
                job + "/job-file", "target[]=referrer_mobile&target[]=identifier&target[]=-&type=MOBILE&campaign-token=J0H7Q")
            #expect(answer.status == .ok && answer.headers[.contentDisposition] == "attachment; filename=\"invite-vrienden.yml\"")
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("desk-job-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            try Data(buffer: answer.body).write(to: URL(fileURLWithPath: folder + "/invite.yml"))
            let arguments = try JobFile.load(path: folder + "/invite.yml").arguments
            #expect(Array(arguments.prefix(3)) == ["invite", "referrals", folder + "/vrienden.csv"])
            for pair in ["Verwijzer=referrer_mobile", "Vriend=identifier", "Naam=-", "MOBILE", "J0H7Q"] {
                #expect(arguments.contains(pair), "\(pair) in \(arguments)")
            }
        }
    }

    @Test func aDeskWithoutCapillaryTakesNoInvitesAndSaysWhy() async throws {
        try await DeskHarness.with(invites: false) { desk in
            let home = String(buffer: try await desk.client.execute(uri: "/", method: .get).body)
            #expect(
                home.contains("value=\"invites\" disabled") && home.contains("Capillary is not set up on this desk") && !home.contains("--")
            )
            let answer = try await desk.upload("referrals.csv", try DeskHarness.repositoryFile("examples/referrals.csv"), kind: "invites")
            #expect(answer.status == .badRequest && String(buffer: answer.body).contains("CAPILLARY_API_URL"))
            #expect(desk.jobs.isEmpty)
        }
    }
}
