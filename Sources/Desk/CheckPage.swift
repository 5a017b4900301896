import BatchKit
import Foundation
import Hummingbird
import Jobs
import NIOPosix

extension RunRoutes {
    /// The check page: the rows checked offline, with the rows to fix; while they are checked
    /// (queued like any run) the page shows how far it is and reloads.
    /// `fixedLine` is a line fixed just now: the page says what its check found.
    func check(id: String, folder: String, page: Int, fixedLine: Int? = nil) async throws -> Response {
        guard let (input, mapping, columns) = try await prepared(folder) else {
            return Response(status: .seeOther, headers: [.location: "/jobs/\(id)"])
        }
        let fileName = desk.store.originalName(in: folder)
        var status = desk.runs.checkStatus(of: id, folder: folder)
        let fixed = try await fixedRows(of: id)
        if status == nil {
            var options = Self.checkOptions(mapping, columns: columns)
            options.read.fixedRows = fixed
            desk.runs.check(id: id, folder: folder, input: input, options: options)
            status = desk.runs.checkStatus(of: id, folder: folder)
        }
        var checking = CheckingPage(id: id, csrf: desk.csrf, fileName: fileName)
        switch status {
        case .checked(let summary):
            return try await checked(
                summary, id: id, folder: folder, upload: (input, mapping, columns), fileName: fileName, page: page, fixed: fixed,
                fixedLine: fixedLine)
        case .failed(let failure):
            return desk.problem(.unprocessableContent, .notChecked, ["why": desk.explain(failure, folder: folder)])
        case .queued:
            checking.queued = desk.runs.ahead(of: id + "/check").map { $0 + 1 } ?? 1
        case .checking(let progress, _):
            checking.checking = CheckingPage.Progress(
                done: Words.number(progress.read), total: Words.number(progress.shownTotal), percent: progress.percentRead ?? 0)
        case nil, .running, .finished, .exported:
            checking.checking = CheckingPage.Progress(done: "0", total: "1", percent: 0)
        }
        return HTMLPage.ok(desk.pages.render("checking", title: Words.say(.titleCheck), checking, refresh: 1))
    }

    /// The check page of rows checked, as `summary` counts them.
    private func checked(
        _ summary: RunSummary, id: String, folder: String, upload: (input: String, mapping: DeskMapping, columns: [String]),
        fileName: String,
        page: Int, fixed: [Int: [String]], fixedLine: Int?
    ) async throws -> Response {
        let (input, mapping, columns) = upload
        let valid = summary.count(.valid)
        // Rows are fixed here until the job runs; then its results page takes them.
        let beforeRun = !FixRoutes.wasRun(folder)
        let toFix = try await PageParts.rowsToFix(
            desk.runs.database, job: id, report: DeskRuns.checkReportName, folder: folder, input: input, columns: columns, page: page,
            pagePath: "/jobs/\(id)/check", fixed: fixed, fixable: { _ in beforeRun })
        var view = CheckPageView(
            id: id, csrf: desk.csrf, fileName: fileName, words: mapping.kind.words, rows: Words.number(summary.rows),
            valid: Words.number(valid),
            invalid: Words.number(summary.failed), hasReasons: !summary.errors.isEmpty,
            reasons: PageParts.counts(summary.errors, prefix: "code"), go: mapping.kind.go(valid), toFix: toFix,
            fixedHere: fixed.isEmpty ? nil : Words.number(fixed.count),
            skipped: summary.count(.skipped) > 0 ? Words.number(summary.count(.skipped)) : nil,
            rowsToFix: toFix == nil ? nil : summary.failedRows.map { String($0.split(separator: "/").last ?? "") })
        if let line = fixedLine {
            let database = desk.runs.database
            let row = try await NIOThreadPool.singleton.runIfActive {
                try database.rowToFix(job: id, report: DeskRuns.checkReportName, folder: folder, line: line)
            }
            view.fixNote = Words.say(row == nil ? .fixedReady : .fixedStill, ["line": "\(line)", "problem": row?.words ?? ""])
        }
        return HTMLPage.ok(desk.pages.render("check", title: Words.say(.titleCheck), view))
    }

    /// What the check reads the rows as: the job's kind, mapped as chosen.
    static func checkOptions(_ mapping: DeskMapping, columns: [String]) -> CheckOptions {
        var options = CheckOptions()
        switch mapping.kind {
        case .contacts: options.mapping = mapping.options(columns)
        case .invites: options.invites = mapping.inviteOptions(columns)
        case .balances: options.balances = mapping.balanceOptions(columns)
        }
        return options
    }
}
