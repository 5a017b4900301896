import Foundation
import Testing

/// The mistakes a new user makes most, each with a message that says what is wrong and what to
/// do, and exit 2 (usage): run with the real binary.
@Suite(.timeLimit(.minutes(5))) struct ErrorMessagesTests {
    struct Mistake: Sendable, CustomTestStringConvertible {
        var what: String
        var arguments: [String]
        var environment: [String: String] = [:]
        var message: String
        var testDescription: String { what }
    }

    static let mistakes: [Mistake] = [
        Mistake(
            what: "wrong delimiter", arguments: ["check", "semicolons.csv", "--delimiter", ","],
            message: "the header is one column holding ';': pass --delimiter ';'"),
        Mistake(
            what: "no email column", arguments: ["check", "nomail.csv"],
            message: "no email column among: 'mail', 'firstname'; name the email column with --map 'COLUMN=email'"),
        Mistake(
            what: "mapping a column the file lacks", arguments: ["check", "semicolons.csv", "--map", "Mail=email"],
            message: "--map 'Mail=email': the file has no column 'Mail'; its columns are: 'email', 'firstname'"),
        Mistake(
            what: "file not found", arguments: ["check", "klanten.csv"], message: "klanten.csv: cannot open: No such file or directory"),
        Mistake(
            what: "Leat token missing", arguments: ["import", "contacts", "semicolons.csv"],
            message: "no Leat token: set LEAT_API_TOKEN or pass --token-file PATH"),
        Mistake(
            what: "http:// to a remote host", arguments: ["import", "contacts", "semicolons.csv"],
            environment: ["LEAT_API_TOKEN": "t", "LEAT_API_URL": "http://api.example.com/api/v3/oauth/clients"],
            message: "uses plain http:// to a remote host; use https:// (http:// is only for localhost)"),
        Mistake(
            what: "Capillary credentials missing", arguments: ["invite", "referrals", "invites.csv"],
            environment: ["CAPILLARY_API_URL": "https://eu.api.capillarytech.com"],
            message:
                "no Capillary credentials: set CAPILLARY_USERNAME and CAPILLARY_PASSWORD (or --password-file), or CAPILLARY_OAUTH_TOKEN"),
        Mistake(
            what: "unknown export column", arguments: ["export", "contacts", "-o", "x.csv", "--sandbox", "--columns", "uuid,e-mail"],
            message: "--columns: no column 'e-mail' in contacts; the columns are: uuid,email,"),
        Mistake(
            what: "a date that is not ISO 8601", arguments: ["export", "contacts", "-o", "x.csv", "--created-after", "yesterday"],
            message: "--created-after 'yesterday' is not an ISO 8601 time, e.g. 2026-11-24T00:00:00Z"),
        Mistake(
            what: "resuming from a file that is not a report",
            arguments: ["import", "contacts", "semicolons.csv", "--resume", "--report", "nomail.csv"],
            environment: ["LEAT_API_TOKEN": "t", "LEAT_API_URL": "http://127.0.0.1:9/api"],
            message:
                "nomail.csv: is not a loyalty-batch report (its columns are mail,firstname); pass the report of the run to resume with --report"
        ),
        Mistake(
            what: "a misspelt key in a job file", arguments: ["run", "job.yml"],
            message:
                "job.yml:3: unknown key 'concurency' for import contacts; the keys are: adaptive, async-wait, blank, changed-only, concurrency"
        ),
        Mistake(
            what: "a rate too small to pace", arguments: ["import", "contacts", "semicolons.csv", "--rate", "1e-10", "--sandbox"],
            message: "--rate must be between 0.01 and 100000 requests per second"),
        Mistake(
            what: "a rate too small to pace, in a job file", arguments: ["run", "tiny-rate.yml", "--sandbox"],
            message: "--rate must be between 0.01 and 100000 requests per second"),
        Mistake(
            what: "an overlap of centuries",
            arguments: ["export", "contacts", "-o", "x.csv", "--state", "s.json", "--overlap", "9223372036854775807"],
            message: "--overlap must be between 0 and 10080 minutes (a week)"),
        Mistake(
            what: "a request timeout of no time", arguments: ["export", "tiers", "-o", "x.csv", "--request-timeout", "0"],
            message: "--request-timeout must be between 0.1 and 3600 seconds"),
        Mistake(
            what: "a field limit past a gigabyte", arguments: ["check", "semicolons.csv", "--max-field-bytes", "9223372036854775807"],
            message: "--max-field-bytes must be between 1 and 1073741824 (1 GiB)"),
        Mistake(
            what: "an export into a folder", arguments: ["export", "tiers", "-o", ".", "--sandbox", "--quiet"],
            message: ".: cannot write: is a folder; give the path of a file in it"),
    ]

    @Test(arguments: mistakes)
    func theMessageSaysWhatToDo(_ mistake: Mistake) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mistakes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "email;firstname\na@example.com;A\n".write(
            to: folder.appendingPathComponent("semicolons.csv"), atomically: true, encoding: .utf8)
        try "mail,firstname\na@example.com,A\n".write(to: folder.appendingPathComponent("nomail.csv"), atomically: true, encoding: .utf8)
        try "referrer_mobile,identifier,type,campaign_token\n9190000000001,31612345678,MOBILE,J0H7Q\n"
            .write(to: folder.appendingPathComponent("invites.csv"), atomically: true, encoding: .utf8)
        try "job: import contacts\ninput: semicolons.csv\nconcurency: 4\n".write(
            to: folder.appendingPathComponent("job.yml"), atomically: true, encoding: .utf8)
        try "job: import contacts\ninput: semicolons.csv\nrate: 5e-324\n".write(
            to: folder.appendingPathComponent("tiny-rate.yml"), atomically: true, encoding: .utf8)
        let (status, errors) = try await JobsHarness.runCLI(mistake.arguments, environment: mistake.environment, in: folder.path)
        #expect(status == 2)
        #expect(errors.contains(mistake.message), "\(errors)")
    }
}
