import BatchKit
import Foundation
import LeatAPI
import Sandbox
import Testing

@testable import Jobs

/// `import balances`: points read as spreadsheets write them, the exactly-once reception as a
/// state machine, and runs against the sandbox: set and add, members that match costing nothing,
/// and faults, lost answers and a stopped run resumed, with every balance moved exactly once.
@Suite(.timeLimit(.minutes(4))) struct ImportBalancesTests {
    @Test func pointsReadAsDutchGermanAndEnglishSpreadsheetsWriteThem() {
        let whole: [(String, Int)] = [
            ("1234", 1234), ("1.234", 1234), ("1,234", 1234), ("1 234", 1234), ("1\u{A0}234", 1234), ("1.234.567", 1_234_567),
            ("1,234,567", 1_234_567), ("1.234,00", 1234), ("1,234.00", 1234), ("12,00", 12), ("-50", -50), ("+50", 50),
            ("\u{2212}7", -7), ("0", 0), (" 3200 ", 3200),
        ]
        for (text, value) in whole {
            let read = try? PointsText.parse(Substring(text)).get()
            #expect(read == value, "\(text)")
        }
        let refused: [(String, String)] = [
            ("12,5", "invalid-value"), ("1.5", "invalid-value"), ("abc", "invalid-value"), ("1e9999", "invalid-value"),
            ("1.234,5", "invalid-value"), ("12.34.5", "invalid-value"), ("0,500", "ambiguous-points"),
            ("99999999999", "invalid-value"), ("1 23", "invalid-value"), ("-", "invalid-value"),
        ]
        for (text, code) in refused {
            guard case .failure(let problem) = PointsText.parse(Substring(text)) else {
                Issue.record("\(text) was read")
                continue
            }
            #expect(problem.code == code, "\(text): \(problem.words)")
        }
    }

    @Test func aReceptionWhoseAnswerWasLostIsLookedUpBeforeItIsSentAgain() {
        let lost = LeatError(kind: .noAnswer, status: 0, message: "no answer")
        let made = CreditReception(uuid: "00000000-0000-4000-8000-000000000001", credits: 10, balance: 10)
        var sending = CreditSending(unsure: false)
        #expect(sending.next(.start) == .send(number: 1))
        #expect(sending.next(.retry(after: .milliseconds(5), lost)) == .wait(.milliseconds(5)))
        #expect(sending.next(.waited) == .lookUp)
        #expect(sending.next(.lookedUp(nil)) == .send(number: 2))
        #expect(sending.next(.answered(made)) == .finish(.received(made, found: false)))

        var again = CreditSending(unsure: false)
        _ = again.next(.start)
        _ = again.next(.retry(after: .zero, LeatError(kind: .api(code: 60001), status: 400, message: "in progress")))
        #expect(again.next(.waited) == .lookUp)
        #expect(again.next(.lookedUp(made)) == .finish(.received(made, found: true)), "found: not sent again")

        var resumed = CreditSending(unsure: true)
        #expect(resumed.next(.start) == .lookUp, "journaled by an earlier run: looked up first")
        var refused = CreditSending(unsure: false)
        _ = refused.next(.start)
        let limit = LeatError(kind: .api(code: 1015), status: 400, message: "Maximum amount of credits reached.")
        #expect(refused.next(.failed(limit)) == .finish(.failed(limit)))
        var spent = CreditSending(unsure: false)
        _ = spent.next(.start)
        #expect(spent.next(.failed(lost)) == .lookUp, "attempts spent on lost answers: looked up before it is said to have failed")
        #expect(spent.next(.lookedUp(nil)) == .finish(.failed(lost)))
        var stopping = CreditSending(unsure: false)
        _ = stopping.next(.start)
        _ = stopping.next(.retry(after: .zero, lost))
        #expect(stopping.next(.stopped) == .finish(.unsettled))
    }

    /// A file of `count` members with balances, the members made in Leat first with `start` points each.
    static func members(_ sandbox: JobsHarness, count: Int, start: Int = 0) async throws -> (path: String, targets: [String: Int]) {
        var targets: [String: Int] = [:]
        var text = "Lidnummer;E-mailadres;Saldo\n"
        for n in 0..<count {
            let email = "member\(n)@example.nl"
            targets[email] = n % 7 == 0 ? start : 100 + n * 37
            text += "L-\(n);\(email);\(ImportBalancesJob.grouped(targets[email]!).replacingOccurrences(of: ",", with: "."))\n"
        }
        let configuration = try LeatConfiguration(baseURL: sandbox.sandbox.leatBaseURL, token: "sandbox-token")
        try await withLeatClient(configuration: configuration) { client in
            let shop = try await retrying { try await client.shops().value[0].uuid }
            for email in targets.keys.sorted() {
                let uuid = try await retrying { try await client.findOrCreate(email: email).value }
                if start != 0 { _ = try await client.receiveCredits(contact: uuid, shop: shop, credits: start) }
            }
        }
        return (try sandbox.write("members.csv", text), targets)
    }

    /// `body`'s value, tried again while a faulty sandbox fails it (what the test sets up is idempotent).
    static func retrying<T>(_ body: () async throws -> T) async throws -> T {
        for _ in 0..<20 {
            if let value = try? await body() { return value }
        }
        return try await body()
    }

    /// Every member's balance, and every reception's reference, as the sandbox holds them.
    static func books(_ sandbox: JobsHarness) async throws -> (balances: [String: Int], references: [String]) {
        let configuration = try LeatConfiguration(baseURL: sandbox.sandbox.leatBaseURL, token: "sandbox-token")
        return try await withLeatClient(configuration: configuration) { client in
            var balances: [String: Int] = [:]
            var references: [String] = []
            var page = 1
            while true {
                let items = try await retrying { try await client.transactions(page: page, filter: TransactionFilter()).value.items }
                if items.isEmpty { break }
                for item in items {
                    balances[item["contact_email"]!, default: 0] += Int(item["credits"]!)!
                    if let reference = item["loyalty_batch_ref"] { references.append(reference) }
                }
                page += 1
            }
            return (balances, references)
        }
    }

    func run(
        _ sandbox: JobsHarness, _ input: String, control: RunControl = RunControl(), _ configure: (inout BalanceOptions) -> Void = { _ in }
    ) async throws -> RunSummary {
        var options = BalanceOptions()
        options.renames = [("E-mailadres", "email"), ("Saldo", "balance"), ("Lidnummer", "reference")]
        options.run.concurrency = 16
        options.run.retry = RetryPolicy(maxAttempts: 8, baseDelay: .milliseconds(5), maxDelay: .milliseconds(100))
        configure(&options)
        return try await withLeatClient(
            configuration: try LeatConfiguration(baseURL: sandbox.sandbox.leatBaseURL, token: "sandbox-token"), concurrency: 16
        ) {
            try await ImportBalancesJob.run(input: input, options: options, client: $0, control: control)
        }
    }

    @Test func setModeReachesEachBalanceOnceAndAnUnchangedFileCostsOnlyTheListing() async throws {
        try await JobsHarness.with({ $0.seedContacts = 30 }) { sandbox in
            let (file, targets) = try await Self.members(sandbox, count: 120, start: 500)
            let first = try await run(sandbox, file)
            #expect(
                first.exitCode == 0 && first.ok == 120
                    && first.actions["credited"]! + first.actions["debited"]! + first.actions["unchanged"]! == 120)
            #expect(
                first.notes.contains {
                    $0.contains("the file says") && $0.contains("for 120 members; Leat now holds") && !$0.contains("differs")
                })
            let (balances, references) = try await Self.books(sandbox)
            #expect(targets.allSatisfy { balances[$0.key] == $0.value }, "every balance is the file's")
            #expect(Set(references).count == references.count && references.count == 120 - first.actions["unchanged"]!)
            // The same file again: every member matches, no request but the checks and the listing,
            // once the members are older than the listing's second (fresher ones are asked about):
            // the run's wall clock goes 3 s ahead instead of the test waiting for it.
            let again = try await run(sandbox, file) {
                $0.run.reportPath = sandbox.path("again.csv")
                $0.run.now = { Date().addingTimeInterval(3) }
            }
            #expect(
                again.actions["unchanged"] == 120 && again.requests == 2 + 2,
                "shops, attributes, two pages of contacts: \(String(describing: again.requests))")
        }
    }

    @Test func addModeAddsNoDebitRefusesAndUnknownMembersFailOrAreCreated() async throws {
        try await JobsHarness.with { sandbox in
            _ = try await Self.members(sandbox, count: 3, start: 50)
            let file = try sandbox.write(
                "points.csv", "email,credits\nmember0@example.nl,25\nmember1@example.nl,-60\nnew@example.nl,10\nmember2@example.nl,1 000\n")
            let added = try await run(sandbox, file) {
                $0.renames = []
                $0.noDebit = true
            }
            #expect(added.actions["credited"] == 2 && added.errors["would-debit"] == 1 && added.errors["contact-not-found"] == 1)
            var (balances, _) = try await Self.books(sandbox)
            #expect(balances["member0@example.nl"] == 75 && balances["member1@example.nl"] == 50 && balances["member2@example.nl"] == 1_050)
            let created = try await run(sandbox, file) {
                $0.renames = []
                $0.createContacts = true
                $0.run.reportPath = sandbox.path("created.csv")
            }
            #expect(created.actions["credited"] == 3 && created.actions["debited"] == 1)
            (balances, _) = try await Self.books(sandbox)
            #expect(balances["new@example.nl"] == 10 && balances["member1@example.nl"] == -10)
        }
    }

    @Test(arguments: [true, false], TransactionTypeFilter.allCases)
    func faultsLostAnswersAndAStoppedRunResumedMoveEachBalanceExactlyOnce(echo: Bool, typeFilter: TransactionTypeFilter) async throws {
        try await JobsHarness.with({
            $0.failRate = 0.05
            $0.dropRate = 0.05
            $0.receptionInProgressRate = 0.1
            $0.echoTransactionAttributes = echo
            $0.typeFilter = typeFilter
        }) { sandbox in
            let (file, targets) = try await Self.members(sandbox, count: 300)
            let control = RunControl()
            let stopper = Task {
                // Stop once some receptions are made: the rest go on with --resume.
                for _ in 0..<400 {
                    if try await sandbox.requests("POST /api/v3/oauth/clients/credit-receptions") >= 60 { break }
                    try await Task.sleep(for: .milliseconds(25))
                }
                _ = control.drain(reason: "stopped by the test")
            }
            let first = try await run(sandbox, file, control: control) { $0.changedOnly = .on }
            _ = try await stopper.value
            #expect(first.stopped != nil)
            let resumed = try await run(sandbox, file) {
                $0.changedOnly = .on
                $0.run.resume = true
            }
            #expect(resumed.exitCode == 0, "\(resumed.text)")
            let report = try readCSV(sandbox.path("members.csv.report.csv"))
            #expect(report.count == 300 && Set(report.map { $0["line"]! }).count == 300, "one report line a row")
            let (balances, references) = try await Self.books(sandbox)
            let wrong = targets.filter { balances[$0.key, default: 0] != $0.value }
            #expect(wrong.isEmpty, "members whose receptions do not sum to the file's balance: \(wrong.keys.sorted().prefix(5))")
            if echo { #expect(Set(references).count == references.count, "every reference once") }
        }
    }

    /// The real binary killed with SIGKILL while receptions are in flight through a faulty API, then
    /// resumed: the rows it journaled but did not settle are looked up, none is credited twice.
    @Test func killedWhileReceptionsAreInFlightThenResumedCreditsEachMemberOnce() async throws {
        try await JobsHarness.with({
            $0.latencyMilliseconds = 5
            $0.failRate = 0.03
            $0.dropRate = 0.03
            $0.receptionInProgressRate = 0.05
            $0.seed = 27
        }) { sandbox in
            var targets: [String: Int] = [:]
            var text = "E-mailadres;Saldo\n"
            for n in 0..<1_000 {
                targets["lid\(n)@example.nl"] = 10 + n
                text += "lid\(n)@example.nl;\(10 + n)\n"
            }
            let input = try sandbox.write("leden.csv", text)
            let report = input + ".report.csv"
            let arguments = [
                input, "--map", "E-mailadres=email", "--map", "Saldo=balance", "--create-contacts", "--quiet", "--max-attempts", "10",
            ]
            let first = try await CrashResumeTests.startThenKill(
                arguments, command: ["import", "balances"], environment: sandbox.environment,
                once: report, has: 250)
            #expect(first.terminationReason == .uncaughtSignal)
            #expect(FileManager.default.fileExists(atPath: report + ".sent"), "the journal of receptions sent")
            let second = try CrashResumeTests.start(
                arguments + ["--resume"], command: ["import", "balances"], environment: sandbox.environment)
            await CrashResumeTests.exit(of: second)
            #expect(second.terminationStatus == 0)
            let lines = try ReportFile(path: report)
            #expect(lines.lines.sorted() == Array(2...1_001), "one report line a row")
            let (balances, references) = try await Self.books(sandbox)
            let wrong = targets.filter { balances[$0.key, default: 0] != $0.value }
            #expect(wrong.isEmpty, "members credited other than once: \(wrong.keys.sorted().prefix(5))")
            #expect(Set(references).count == references.count && references.count == 1_000)
            #expect(!FileManager.default.fileExists(atPath: report + ".sent"), "removed once every row is settled")
        }
    }

    @Test func withSeveralShopsOneMustBeChosen() async throws {
        try await JobsHarness.with({ $0.seedShops = 2 }) { sandbox in
            let file = try sandbox.write("p.csv", "email,balance\na@example.nl,5\n")
            await #expect(throws: MappingError.self) { _ = try await run(sandbox, file) { $0.renames = [] } }
            let chosen = try await run(sandbox, file) {
                $0.renames = []
                $0.shop = "sandbox shop 2"
                $0.createContacts = true
            }
            #expect(chosen.actions["credited"] == 1)
        }
    }
}
