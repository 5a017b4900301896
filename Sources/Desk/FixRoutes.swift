import Foundation
import Hummingbird
import NIOPosix

/// Fixing rows in the check page: a row's cells as posted replace its cells as the upload has
/// them, in the job's journal of fixes (its database, and `fixes.ndjson` in its folder: who,
/// when, the line, the cells); the upload itself is never changed. The rows are then checked
/// again, through the fixes, with the check the CLI runs: the row's problem goes, or a new one
/// shows, and the counts follow. An import or preview reads the rows through the same fixes.
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
                guard let (_, _, columns) = try await runs.prepared(folder) else {
                    return Response(status: .seeOther, headers: [.location: "/jobs/\(id)"])
                }
                guard form.line >= 2, form.cell.count == columns.count else {
                    return desk.problem(
                        .badRequest, .fixNotKept, ["line": "\(form.line)", "columns": Words.number(columns.count)])
                }
                guard !Self.wasRun(folder) else {
                    return desk.problem(
                        .conflict, .jobWasRun)
                }
                guard !desk.runs.isBusy(id), desk.runs.forgetCheck(id: id, folder: folder) else {
                    return desk.problem(.conflict, .fixWhileRunning)
                }
                let database = desk.runs.database
                try await NIOThreadPool.singleton.runIfActive {
                    let record = try database.addFix(job: id, line: form.line, cells: form.cell)
                    try Self.append(record, cells: form.cell, to: folder + "/" + Self.journalName)
                    try database.record(id, "fixed line \(form.line)")
                }
                return Response(status: .seeOther, headers: [.location: "/jobs/\(id)/check"])
            }
        }
    }

    /// Whether the job in `folder` was run (its report exists): its rows are fixed before, since a
    /// run's report is its ledger, and a row it settled is not sent again.
    static func wasRun(_ folder: String) -> Bool {
        FileManager.default.fileExists(atPath: folder + "/" + DeskRuns.reportName)
    }

    /// Appends `fix` to the journal's file: `{"line":2,"cells":[…],"who":"ann","at":"…"}`.
    private static func append(_ fix: FixRecord, cells: [String], to path: String) throws {
        let entry: [String: Any] = ["line": fix.line, "cells": cells, "who": fix.who, "at": fix.at.formatted(.iso8601)]
        var line = try JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys, .withoutEscapingSlashes])
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
}
