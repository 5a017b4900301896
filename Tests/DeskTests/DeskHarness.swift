import CapillaryAPI
import Desk
import Foundation
import Hummingbird
import HummingbirdTesting
import Jobs
import LeatAPI
import NIOCore
import Sandbox
import Testing

/// A desk over a sandbox started in-process, its data in a temporary folder, driven through
/// HummingbirdTesting's router client.
struct DeskHarness: Sendable {
    let client: any TestClientProtocol
    let dataDirectory: String
    /// The sandbox's Leat API, for a test to look at what a run did.
    let leat: LeatConfiguration
    /// The token of the desk's forms, read from its first page (with sign-in: the sign-in page's).
    let csrf: String
    /// With sign-in: the sign-in page's pre-session cookie (`desk_form=…`), which goes with its token.
    var preSession: String?

    static func with(
        maxUploadBytes: Int = 1 << 20, jobs: Int = 2, users: DeskUsers? = nil, team: Bool = false, invites: Bool = true,
        network: RunSettings = RunSettings(), dataDirectory: String? = nil,
        sandbox configure: (inout SandboxConfiguration) -> Void = { _ in },
        _ body: @escaping @Sendable (DeskHarness) async throws -> Void
    ) async throws {
        // A data directory given is the caller's (a desk started again on it); else one of its own.
        let folder = dataDirectory ?? FileManager.default.temporaryDirectory.appendingPathComponent("desk-\(UUID().uuidString)").path
        defer { if dataDirectory == nil { try? FileManager.default.removeItem(atPath: folder) } }
        var sandboxConfiguration = SandboxConfiguration()
        configure(&sandboxConfiguration)
        try await SandboxServer.withRunning(sandboxConfiguration) { sandbox in
            let leat = try LeatConfiguration(baseURL: sandbox.leatBaseURL, token: "sandbox-token")
            let (user, password) = sandboxConfiguration.capillaryUsers.first!
            let capillary = try CapillaryConfiguration(
                baseURL: sandbox.capillaryBaseURL,
                credential: CapillaryConfiguration.basic(username: user, password: password))
            try await withLeatClient(configuration: leat, concurrency: 2) { client in
                try await withCapillaryClient(configuration: capillary, concurrency: 2) { capillary in
                    var configuration = DeskConfiguration()
                    configuration.dataDirectory = folder
                    configuration.maxUploadBytes = maxUploadBytes
                    configuration.jobs = jobs
                    configuration.users = users
                    configuration.team = team
                    configuration.network = network
                    let app = try DeskServer.makeApplication(
                        configuration: configuration, leat: client, capillary: invites ? capillary : nil)
                    try await app.test(.router) { client in
                        let home = try await client.execute(uri: users == nil ? "/" : "/sign-in", method: .get)
                        let csrf = try #require(Self.value(after: #"name="csrf" value=""#, in: String(buffer: home.body)))
                        let preSession = home.headers[.setCookie].flatMap { $0.split(separator: ";").first.map(String.init) }
                        try await body(DeskHarness(client: client, dataDirectory: folder, leat: leat, csrf: csrf, preSession: preSession))
                    }
                }
            }
        }
    }

    /// A repository file's bytes.
    static func repositoryFile(_ path: String) throws -> [UInt8] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return [UInt8](try Data(contentsOf: root.appendingPathComponent(path)))
    }

    /// A `multipart/form-data` body of the desk's upload form.
    static func multipart(csrf: String?, fileName: String, bytes: [UInt8], kind: String? = nil, boundary: String = "----desk-test-7Hq")
        -> [UInt8]
    {
        var body: [UInt8] = []
        if let csrf { body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(csrf)\r\n".utf8) }
        if let kind { body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n\(kind)\r\n".utf8) }
        body += Array(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\nContent-Type: text/csv\r\n\r\n"
                .utf8)
        body += bytes
        body += Array("\r\n--\(boundary)--\r\n".utf8)
        return body
    }

    /// Uploads `bytes` as `fileName`; the answer.
    func upload(
        _ fileName: String, _ bytes: [UInt8], csrf: String? = nil, origin: String? = nil, kind: String? = nil,
        cookie: String? = nil
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "multipart/form-data; boundary=----desk-test-7Hq"]
        if let origin { headers[.origin] = origin }
        if let cookie { headers[.cookie] = cookie }
        return try await client.execute(
            uri: "/uploads", method: .post, headers: headers,
            body: ByteBuffer(bytes: Self.multipart(csrf: csrf ?? self.csrf, fileName: fileName, bytes: bytes, kind: kind)))
    }

    /// Uploads the repository file `path`, then posts the map page's form with `targets`, one a
    /// column; the answer.
    func jobFile(for path: String, targets: [String]) async throws -> TestResponse {
        let name = String(path.split(separator: "/").last!)
        let location = try #require(try await upload(name, Self.repositoryFile(path)).headers[.location])
        let choices = targets.map { "&target[]=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0) }.joined()
        return try await post(location + "/job-file", String(choices.dropFirst()) + "&on-duplicate=last&blank=ignore")
    }

    /// Uploads `csv` as `name` and maps it as `email,firstname`; the job's path.
    func mappedContacts(_ name: String, _ csv: String) async throws -> String {
        let job = try #require(try await upload(name, Array(csv.utf8)).headers[.location])
        #expect(try await post(job + "/mapping", "target[]=email&target[]=firstname&on-duplicate=last&blank=ignore").status == .seeOther)
        return job
    }

    /// Posts a form of `fields` (the token added) to `uri`; the answer.
    func post(_ uri: String, _ fields: String = "", csrf: String? = nil, cookie: String? = nil, origin: String? = nil) async throws
        -> TestResponse
    {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let cookie { headers[.cookie] = cookie }
        if let origin { headers[.origin] = origin }
        return try await client.execute(
            uri: uri, method: .post, headers: headers,
            body: ByteBuffer(string: "csrf=\(csrf ?? self.csrf)" + (fields.isEmpty ? "" : "&" + fields)))
    }

    /// The run page of `job` once the run is over (the page no longer refreshes itself).
    func finishedRunPage(_ job: String) async throws -> String {
        try await finished(job + "/run")
    }

    /// The check page of `job` (its `query` too, `?page=2`) once its rows are checked: the first
    /// visit starts the check, and the page reloads itself until it is done.
    func checkedPage(_ job: String, query: String = "", cookie: String? = nil) async throws -> String {
        try await finished(job + "/check" + query, cookie: cookie)
    }

    /// The preview page of `job` once the preview is over.
    func finishedPreviewPage(_ job: String) async throws -> String {
        try await finished(job + "/preview")
    }

    /// The page at `uri` once it no longer refreshes itself: a run, check, preview or export over.
    func finished(_ uri: String, cookie: String? = nil) async throws -> String {
        for _ in 0..<600 {
            let page = String(buffer: try await client.execute(uri: uri, method: .get, headers: cookie.map { [.cookie: $0] } ?? [:]).body)
            if !page.contains("http-equiv=\"refresh\"") { return page }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw DeskProblemInTest(message: "\(uri) did not finish within 30 s")
    }

    /// The job folders the desk keeps.
    var jobs: [String] { (try? FileManager.default.contentsOfDirectory(atPath: dataDirectory + "/jobs")) ?? [] }

    /// A check page with its rows to fix as text: each cell's field (to fix it in the page) as
    /// the value it holds.
    static func cellsAsText(_ page: String) -> String {
        page.replacing(#/<input form="fix-\d+" name="cell\[\]" value="(?<value>[^"]*)" aria-label="[^"]*">/#) { String($0.output.value) }
    }

    /// The text after `marker` up to the next `"`.
    static func value(after marker: String, in text: String) -> String? {
        guard let start = text.range(of: marker)?.upperBound, let end = text[start...].firstIndex(of: "\"") else { return nil }
        return String(text[start..<end])
    }

    /// The value selected for `column` on a map page.
    static func selected(for column: String, in html: String) -> String? {
        guard let select = html.range(of: "aria-label=\"\(column)\">") else { return nil }
        let rest = html[select.upperBound...]
        let end = rest.range(of: "</select>")?.lowerBound ?? rest.endIndex
        guard let chosen = rest[..<end].range(of: "\" selected>") else { return nil }
        let before = rest[..<chosen.lowerBound]
        return before.range(of: "value=\"", options: .backwards).map { String(before[$0.upperBound...]) }
    }
}

struct DeskProblemInTest: Error {
    var message: String
}
