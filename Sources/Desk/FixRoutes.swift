import BatchKit
import Foundation
import Hummingbird
import LeatAPI
import NIOPosix

/// Fixing rows in the check page: a row's cells as posted replace its cells as the upload has
/// them, in the job's journal of fixes (its database, and `fixes.ndjson` in its folder: who,
/// when, the line, the cells); the upload itself is never changed. The rows are then checked
/// again, through the fixes, with the check the CLI runs: the row's problem goes, or a new one
/// shows, and the counts follow. An import or preview reads the rows through the same fixes.
///
/// After a run, a row it failed because of its own data (``isFixable(code:)``) is fixed the same
/// way and sent again: its failed line leaves the report, and the run resumes, so that, as for
/// Resume, a row the report has as done is never sent again.
struct FixRoutes: Sendable {
    let runs: RunRoutes
    private var desk: DeskRoutes { runs.desk }

    /// The journal's file in a job's folder: a line of JSON a fix.
    static let journalName = "fixes.ndjson"

    func add(to router: Router<DeskContext>) {
        router.get("/jobs/:id/fixed") { _, context in
            try await runs.withJob(context) { id, folder in
                guard let input = desk.store.upload(in: folder) else { return desk.notFound }
                let fixed = try await runs.fixedRows(of: id)
                let fileExtension = FixedFile.fileExtension(of: input)
                let path = folder + "/fixed." + fileExtension
                try await NIOThreadPool.singleton.runIfActive { try FixedFile.write(input: input, fixedRows: fixed, to: path) }
                let name = FileDownload.name("fixed." + fileExtension, ofJobIn: folder, store: desk.store)
                return try await FileDownload.response(path, as: name, type: "application/octet-stream", context: context) ?? desk.notFound
            }
        }
        router.post("/jobs/:id/fixes") { request, context in
            try await runs.withJob(context) { id, folder in
                guard desk.fromThisDesk(request) else { return desk.forbidden() }
                let body = try await request.body.collect(upTo: 1 << 20)
                guard let form = try? URLEncodedFormDecoder().decode(FixForm.self, from: String(buffer: body)),
                    FormToken.matches(form.csrf)
                else { return desk.forbidden() }
                guard let (input, mapping, columns) = try await runs.prepared(folder) else {
                    return Response(status: .seeOther, headers: [.location: "/jobs/\(id)"])
                }
                guard form.line >= 2, form.cell.count == columns.count else {
                    return desk.problem(
                        .badRequest, .fixNotKept, ["line": "\(form.line)", "columns": Words.number(columns.count)])
                }
                guard !desk.runs.isBusy(id) else { return desk.problem(.conflict, .fixWhileRunning) }
                let afterRun = Self.wasRun(folder)
                if afterRun {
                    let database = desk.runs.database
                    let failed = try await NIOThreadPool.singleton.runIfActive {
                        try database.rowToFix(job: id, report: DeskRuns.reportName, folder: folder, line: form.line)
                    }
                    guard let failed, Self.isFixable(code: failed.code) else {
                        return desk.problem(.conflict, .notFixable, ["line": "\(form.line)"])
                    }
                } else {
                    // The row alone where its verdict is its own; else the whole file again.
                    let options = RunRoutes.checkOptions(mapping, columns: columns)
                    let alone = try await desk.runs.recheck(
                        id: id, folder: folder, input: input, line: form.line, cells: form.cell, options: options, columns: columns)
                    guard alone || desk.runs.forgetCheck(id: id, folder: folder) else { return desk.problem(.conflict, .fixWhileRunning) }
                }
                let database = desk.runs.database
                try await NIOThreadPool.singleton.runAsAsked {
                    let record = try database.addFix(job: id, line: form.line, cells: form.cell, toSend: afterRun)
                    try Self.append(record, cells: form.cell, to: folder + "/" + Self.journalName)
                    try database.record(id, "fixed line \(form.line)")
                }
                // Back to the page of the row, which says what its check found (or that it is kept to send).
                let page = form.page.map { "page=\($0)&" } ?? ""
                return Response(
                    status: .seeOther, headers: [.location: "/jobs/\(id)/\(afterRun ? "run" : "check")?\(page)fixed=\(form.line)"])
            }
        }
        router.post("/jobs/:id/resend") { request, context in
            try await runs.withJob(context) { id, folder in
                guard try await runs.postedForm(request) != nil else { return desk.forbidden() }
                guard !desk.runs.isBusy(id) else { return desk.problem(.conflict, .fixWhileRunning) }
                guard let (input, mapping, columns) = try await runs.prepared(folder) else { return desk.notFound }
                let database = desk.runs.database
                let report = folder + "/" + DeskRuns.reportName
                // The report first: once a line is out of it the row is sent by any resume, and a
                // fix marked sent without its line out would never be. A fix whose line is out
                // already (a stop between the two) is sent by the same resume.
                let toSend = try await NIOThreadPool.singleton.runAsAsked {
                    let toSend = try database.fixesToSend(job: id)
                    try ResumeLedger.reopen(failed: toSend, reportPath: report)
                    try database.sentFixes(job: id, lines: toSend)
                    try database.record(id, "sent \(toSend.count) fixed rows again")
                    return toSend
                }
                if !toSend.isEmpty {
                    let job = mapping.job(columns, fixedRows: try await runs.fixedRows(of: id))
                    desk.runs.start(id: id, folder: folder, input: input, job: job, resume: true)
                }
                return Response(status: .seeOther, headers: [.location: "/jobs/\(id)/run"])
            }
        }
    }

    /// Whether the job in `folder` was run (its report exists): its rows are fixed before, since a
    /// run's report is its ledger, and a row it settled is not sent again.
    static func wasRun(_ folder: String) -> Bool {
        FileManager.default.fileExists(atPath: folder + "/" + DeskRuns.reportName)
    }

    /// Whether a row a run failed with `code` may be fixed and sent again: what was refused is its
    /// own data (a check's code, or the API's answer to the row), so nothing of it was applied. A
    /// row whose request failed on the way (`no-answer`, a 5xx, `outcome-unknown`, Leat's 60001)
    /// may have been applied, and only Resume tries it again.
    static func isFixable(code: String) -> Bool {
        if let number = Int(code) { return ![LeatCode.usageLimitReached, LeatCode.receptionInProgress].contains(number) }
        if code.hasPrefix("http-"), let status = Int(code.dropFirst(5)) {
            return (400..<500).contains(status) && ![401, 403, 408, 429].contains(status)
        }
        return checkCodes.contains(code)
    }

    /// The codes of rows refused before anything was sent: by the row check, or by the reader.
    private static let checkCodes: Set<String> = [
        "missing-email", "invalid-email", "duplicate-key", "invalid-value", "unknown-attribute", "ambiguous-points", "duplicate-member",
        "invalid-referrer", "missing-referrer", "missing-identifier", "missing-type", "missing-campaign-token", "invalid-invited-on",
        "contact-not-found", "would-debit", "field-count", "nul-byte", "field-too-large", "malformed-quote", "invalid-json", "cell-error",
    ]

    /// Appends `fix` to the journal's file: `{"line":2,"cells":[…],"who":"ann","at":"…"}`.
    private static func append(_ fix: FixRecord, cells: [String], to path: String) throws {
        struct Entry: Encodable {
            var line: Int
            var cells: [String]
            var who: String
            var at: String
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var line = try encoder.encode(Entry(line: fix.line, cells: cells, who: fix.who, at: fix.at.formatted(.iso8601)))
        line.append(UInt8(ascii: "\n"))
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: line)
        try handle.synchronize()
    }
}

/// A fix as posted: the line and its cells in the file's column order.
struct FixForm: Decodable {
    var csrf: String
    var line: Int
    var cell: [String]
    /// The page of rows to fix it was posted from.
    var page: Int?
}
