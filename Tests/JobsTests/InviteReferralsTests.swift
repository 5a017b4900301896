import BatchKit
import Foundation
import Jobs
import Testing
import TextFormats

/// `invite referrals` against the in-process sandbox's Capillary, over HTTP.
@Suite(.timeLimit(.minutes(5))) struct InviteReferralsTests {
    @Test func mixedFileGivesEachRowItsCodeAndCapillaryHoldsExactlyTheValidInvites() async throws {
        try await JobsHarness.with({ $0.seedCustomers = 10 }) { sandbox in
            let input = try sandbox.write(
                "mixed.csv",
                """
                referrer_mobile,referrer_email,identifier,name,type,campaign_token
                9190000000001,,31612345678,Sanne,MOBILE,J0H7Q
                9190000000001,,pieter@example.nl,Pieter,email,J0H7Q
                ,customer2@example.com,31611112222,Daan,MOBILE,J0H7Q
                9190000000003,,79998364,Shikhar,MOBILE,J0H7Q
                9190000000003,,anna@example,Anna,EMAIL,J0H7Q
                9199999999999,,31622223333,Lotte,MOBILE,J0H7Q
                9190000000004,,31633334444,Bram,WHATSAPP,J0H7Q
                9190000000005,,31644445555,Fleur,MOBILE,NOPE1
                9190000000001,,31612345678,Sanne,MOBILE,J0H7Q
                ,,31655556666,Nobody,MOBILE,J0H7Q

                """)
            let summary = try await sandbox.inviteReferrals(input)
            let report = try ReportFile(path: summary.report)
            var outcome: [Int: String] = [:]
            for line in report.all { outcome[Int(line["line"]!)!] = line["action"]! + " " + line["error_code"]! }
            #expect(
                outcome == [
                    2: "invited ", 3: "invited ", 4: "invited ", 5: "failed 1701", 6: "failed 1701", 7: "failed 1012",
                    8: "failed 1206", 9: "failed 1202", 10: "skipped ", 11: "failed missing-referrer",
                ])
            // Local checks cost no call: one request carried the four invites that reached Capillary.
            #expect(summary.requests == 1)
            #expect(report.row(7)?["error_message"]?.contains("X-Cap-Requestid") == true)
            #expect(
                try await sandbox.invites() == [
                    "mobile:9190000000001|31612345678": 1, "mobile:9190000000001|pieter@example.nl": 1,
                    "email:customer2@example.com|31611112222": 1,
                ])
            #expect(summary.exitCode == 1)
            let failed = try String(contentsOfFile: summary.failedRows ?? "", encoding: .utf8)
            #expect(failed.split(whereSeparator: \.isNewline).count == 1 + 6)
            #expect(!FileManager.default.fileExists(atPath: summary.report + ".sent"))
        }
    }

    @Test func everyValidInviteReachesCapillaryExactlyOnceThroughFailuresAndLostAnswers() async throws {
        try await JobsHarness.with({
            $0.seedCustomers = 100
            $0.failRate = 0.1
            $0.dropRate = 0.05
        }) { sandbox in
            let file = InvitesFile(count: 5_000, referrers: 100)
            let input = try sandbox.write("invites.csv", file.text)
            // Batches of 10: some 500 requests, so that answers lost after the invites were stored
            // (2.5% of requests) are sure to happen, whatever order the requests reach the sandbox in.
            let summary = try await sandbox.inviteReferrals(input) { $0.batchSize = 10 }
            #expect(summary.stopped == nil)
            let invites = try await sandbox.invites()
            #expect(Set(invites.keys).symmetricDifference(file.expected).isEmpty)
            #expect(invites.values.filter { $0 != 1 }.isEmpty)
            let report = try ReportFile(path: summary.report)
            #expect(report.lines.count == file.rows && Set(report.lines).count == file.rows)
            #expect(report.count(action: "invited") == file.expected.count)
            #expect(report.all.filter { $0["action"] == "failed" }.allSatisfy { $0["error_code"] == "1701" })
            // Some answers were lost and the invites found stored: not sent again.
            let faults = try await sandbox.stats()["faults"] as? [String: Int] ?? [:]
            #expect(faults["dropped_after", default: 0] > 0)
            #expect(
                report.all.contains {
                    $0["action"] == "invited" && $0["error_message"]!.contains("Capillary had it, so it was not sent again")
                })
        }
    }

    @Test func batchSizeOneSendsOneRequestPerInvite() async throws {
        try await JobsHarness.with({ $0.seedCustomers = 10 }) { sandbox in
            let file = InvitesFile(count: 120, referrers: 10)
            let input = try sandbox.write("single.csv", file.text)
            let summary = try await sandbox.inviteReferrals(input) { $0.batchSize = 1 }
            #expect(summary.requests == file.expected.count)
            #expect(Set(try await sandbox.invites().keys).symmetricDifference(file.expected).isEmpty)
        }
    }

    @Test func dryRunSendsNothingAndTellsWhatWouldHappen() async throws {
        try await JobsHarness.with({ $0.seedCustomers = 10 }) { sandbox in
            let input = try sandbox.write(
                "dry.csv",
                """
                referrer_mobile,identifier,type
                9190000000001,31612345678,MOBILE
                9199999999999,31622223333,MOBILE
                9190000000002,1234,MOBILE

                """)
            let summary = try await sandbox.inviteReferrals(input) { $0.run.dryRun = true }
            let report = try ReportFile(path: summary.report)
            #expect(report.row(2)?["action"] == "would-invite")
            #expect(report.row(3)?["action"] == "would-fail" && report.row(3)?["error_code"] == "1012")
            #expect(report.row(4)?["error_code"] == "1701")
            #expect(try await sandbox.invites().isEmpty)
            #expect(summary.failedRows == nil)
        }
    }

    @Test func aFileWithoutAReferrerOrTypeIsRefusedBeforeAnyRow() async throws {
        try await JobsHarness.with { sandbox in
            let noReferrer = try sandbox.write("a.csv", "identifier,type,campaign_token\n31612345678,MOBILE,J0H7Q\n")
            await #expect(throws: MappingError.self) { try await sandbox.inviteReferrals(noReferrer) }
            let noType = try sandbox.write("b.csv", "referrer_mobile,identifier,campaign_token\n9190000000001,31612345678,J0H7Q\n")
            let error = await #expect(throws: MappingError.self) { try await sandbox.inviteReferrals(noType) }
            #expect(error?.message.contains(Setting.type.mention()) == true)
            let noCampaign = try sandbox.write("c.csv", "referrer_mobile,identifier,type\n9190000000001,31612345678,MOBILE\n")
            await #expect(throws: MappingError.self) { try await sandbox.inviteReferrals(noCampaign) { $0.campaignToken = nil } }
        }
    }
}
