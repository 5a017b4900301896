import AsyncHTTPClient
import BatchKit
import CapillaryAPI
import Foundation
import Jobs
import LeatAPI
import NIOCore
import Sandbox

/// A sandbox started in-process on a free port, a Leat client for it, and a temporary folder.
struct JobsHarness {
    let sandbox: RunningSandbox
    let folder: URL

    /// Runs `body` against a fresh sandbox, stopping it and removing the folder afterwards.
    static func with<T>(
        _ configure: (inout SandboxConfiguration) -> Void = { _ in },
        _ body: (JobsHarness) async throws -> T
    ) async throws -> T {
        var configuration = SandboxConfiguration()
        configure(&configuration)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jobs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try await SandboxServer.withRunning(configuration) { try await body(JobsHarness(sandbox: $0, folder: folder)) }
    }

    /// A path in the temporary folder.
    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Writes `text` to a file in the folder and returns its path.
    func write(_ name: String, _ text: String) throws -> String {
        try text.write(toFile: path(name), atomically: true, encoding: .utf8)
        return path(name)
    }

    /// Runs an import with a client for this sandbox (`token` to test a bad one).
    func importContacts(
        _ input: String, token: String = "sandbox-token", concurrency: Int = 16,
        _ configure: (inout ImportOptions) -> Void = { _ in }
    ) async throws -> RunSummary {
        var options = ImportOptions()
        // Row by row unless a test says otherwise: --changed-only has tests of its own.
        options.changedOnly = .off
        options.run.concurrency = concurrency
        options.run.retry = RetryPolicy(maxAttempts: 10, baseDelay: .milliseconds(5), maxDelay: .milliseconds(200))
        configure(&options)
        return try await withLeatClient(
            configuration: try LeatConfiguration(baseURL: sandbox.leatBaseURL, token: token), concurrency: concurrency
        ) {
            try await ImportContactsJob.run(input: input, options: options, client: $0)
        }
    }

    /// Sends invites with a client for this sandbox's Capillary (user `sandbox`), for campaign
    /// J0H7Q unless the file says otherwise.
    func inviteReferrals(_ input: String, concurrency: Int = 8, _ configure: (inout InviteOptions) -> Void = { _ in }) async throws
        -> RunSummary
    {
        var options = InviteOptions()
        options.campaignToken = "J0H7Q"
        options.run.concurrency = concurrency
        options.run.retry = RetryPolicy(maxAttempts: 10, baseDelay: .milliseconds(5), maxDelay: .milliseconds(200))
        configure(&options)
        let configuration = try CapillaryConfiguration(
            baseURL: sandbox.capillaryBaseURL,
            credential: CapillaryConfiguration.basic(username: "sandbox", password: "sandbox"))
        return try await withCapillaryClient(configuration: configuration, concurrency: concurrency) {
            try await InviteReferralsJob.run(input: input, options: options, client: $0)
        }
    }

    /// How often Capillary got each invite: `mobile:…|identifier` or `email:…|identifier` → count.
    func invites() async throws -> [String: Int] {
        ((try await stats()["invites"] as? [String: Any])?["per_referrer_identifier"] as? [String: Int]) ?? [:]
    }

    /// Runs an export with a client for this sandbox's Leat, into `output` in the folder.
    func export(_ entity: ExportEntity, to output: String, _ configure: (inout ExportOptions) -> Void = { _ in }) async throws
        -> RunSummary
    {
        var options = ExportOptions()
        options.entity = entity
        options.output = path(output)
        options.retry = RetryPolicy(maxAttempts: 10, baseDelay: .milliseconds(5), maxDelay: .milliseconds(200))
        configure(&options)
        return try await withLeatClient(
            configuration: try LeatConfiguration(baseURL: sandbox.leatBaseURL, token: "sandbox-token"),
            concurrency: options.concurrency
        ) { try await ExportJob.run(options: options, client: $0) }
    }

    /// The sandbox's contacts as the admin dump has them: uuid → fields (email, created_at, attributes…).
    func contactRecords() async throws -> [String: [String: Any]] {
        let text = String(decoding: try await get("/_sandbox/contacts.ndjson"), as: UTF8.self)
        var records: [String: [String: Any]] = [:]
        for line in text.split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            records[object["uuid"] as? String ?? ""] = object
        }
        return records
    }

    /// The environment that points the CLI at this sandbox (Leat and Capillary).
    var environment: [String: String] {
        [
            "LEAT_API_URL": sandbox.leatBaseURL, "LEAT_API_TOKEN": "sandbox-token",
            "CAPILLARY_API_URL": sandbox.capillaryBaseURL, "CAPILLARY_USERNAME": "sandbox", "CAPILLARY_PASSWORD": "sandbox",
        ]
    }

    /// Runs the built `loyalty-batch` binary; its exit status and what it wrote to standard error.
    static func runCLI(_ arguments: [String], environment: [String: String], in folder: String? = nil) async throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CrashResumeTests.binary)
        process.arguments = arguments
        process.environment = environment
        if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        await CrashResumeTests.exit(of: process)
        return (process.terminationStatus, String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    /// `body`'s result; `shutdown` runs after it whether it throws or not.
    /// `GET /_sandbox/stats`.
    func stats() async throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: try await get("/_sandbox/stats")) as? [String: Any] ?? [:]
    }

    /// Requests the sandbox saw for `endpoint` (`"PUT /api/v3/oauth/clients/contacts/{uuid}"`).
    func requests(_ endpoint: String) async throws -> Int {
        (try await stats()["requests"] as? [String: Int])?[endpoint] ?? 0
    }

    /// The sandbox's contacts: email → attributes.
    func contacts() async throws -> [String: [String: String]] {
        let text = String(decoding: try await get("/_sandbox/contacts.ndjson"), as: UTF8.self)
        var contacts: [String: [String: String]] = [:]
        for line in text.split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            contacts[object["email"] as? String ?? ""] = object["attributes"] as? [String: String] ?? [:]
        }
        return contacts
    }

    /// Sets the sandbox's usage limit (nil: none).
    func setUsageLimit(_ limit: Int?) async throws {
        var request = HTTPClientRequest(url: sandbox.url + "/_sandbox/usage-limit")
        request.method = .PUT
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: limit.map { "{\"usage_limit\": \($0)}" } ?? "{\"usage_limit\": null}"))
        _ = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
    }

    private func get(_ path: String) async throws -> Data {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: sandbox.url + path), timeout: .seconds(30))
        return Data(buffer: try await response.body.collect(upTo: 256 << 20))
    }
}

/// A CSV file read back as rows of column → value.
func readCSV(_ path: String) throws -> [[String: String]] {
    var options = ReadOptions()
    options.delimiter = UInt8(ascii: ",")
    let reader = try CSVReader(path: path, options: options)
    var rows: [[String: String]] = []
    while let row = try reader.next() {
        rows.append(Dictionary(uniqueKeysWithValues: zip(reader.columns, row.values)))
    }
    return rows
}

/// A report read back: its lines by input line number (a line number twice is kept twice in `all`).
struct ReportFile {
    var all: [[String: String]] = []

    init(path: String) throws {
        all = try readCSV(path)
    }

    var lines: [Int] { all.compactMap { Int($0["line"] ?? "") } }
    func count(action: String) -> Int { all.filter { $0["action"] == action }.count }
    func row(_ line: Int) -> [String: String]? { all.first { $0["line"] == String(line) } }
}

/// A generated contacts file and what Leat should hold after it is imported with
/// `--on-duplicate last --blank ignore`.
struct ContactsFile {
    var text = "email,firstname,city\n"
    var rows = 0
    var invalidLines: [Int] = []
    var expected: [String: [String: String]] = [:]

    /// `count` rows: emails repeat (`distinct` of them), every 50th is invalid, every 7th has no city.
    init(count: Int, distinct: Int, prefix: String = "user") {
        for index in 0..<count {
            let line = index + 2
            let invalid = index % 50 == 49
            let email = invalid ? "\(prefix)\(index)@nodot" : "\(prefix)\(index % distinct)@example.com"
            let city = index % 7 == 3 ? "" : "City\(index % 13)"
            text += "\(email),First\(index),\(city)\n"
            rows += 1
            if invalid {
                invalidLines.append(line)
                continue
            }
            var attributes = expected[email] ?? [:]
            attributes["firstname"] = "First\(index)"
            if !city.isEmpty { attributes["city"] = city }
            expected[email] = attributes
        }
    }
}

/// A generated invites file: `count` invites from the sandbox's seeded customers, every 40th with
/// an identifier Capillary refuses (1701), and the invites Capillary should end up holding.
struct InvitesFile {
    var text = "referrer_mobile,identifier,name,type\n"
    var rows = 0
    var expected: Set<String> = []

    init(count: Int, referrers: Int) {
        for index in 0..<count {
            let referrer = "9190" + String(format: "%09d", index % referrers + 1)
            let email = index % 3 == 0
            var identifier = email ? "invitee\(index)@example.nl" : "316" + String(format: "%08d", index)
            if index % 40 == 39 { identifier = email ? "invitee\(index)@nodot" : "316\(index % 1000)" }
            text += "\(referrer),\(identifier),Invitee \(index),\(email ? "EMAIL" : "MOBILE")\n"
            rows += 1
            if index % 40 != 39 { expected.insert("mobile:\(referrer)|\(identifier)") }
        }
    }
}
