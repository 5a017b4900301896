import BatchKit
import Foundation
import Hummingbird
import Jobs
import NIOPosix

/// The preview: the import as a dry run (read requests only), and what each row would do.
struct PreviewRoutes: Sendable {
    let desk: DeskRoutes
    let runs: RunRoutes

    func add(to router: Router<DeskContext>) {
        router.post("/jobs/:id/preview") { request, context in
            try await runs.withJob(context) { id, folder in
                guard try await runs.postedForm(request) != nil else { return desk.forbidden() }
                guard let (input, mapping, columns) = try await runs.prepared(folder) else {
                    return Response(status: .seeOther, headers: [.location: "/jobs/\(id)"])
                }
                let job = mapping.job(columns, fixedRows: try await runs.fixedRows(of: id))
                desk.runs.start(id: id, folder: folder, input: input, job: job, resume: false, preview: true)
                try desk.runs.database.record(id, "previewed")
                return Response(status: .seeOther, headers: [.location: "/jobs/\(id)/preview"])
            }
        }
        router.get("/jobs/:id/preview") { request, context in
            try await runs.withJob(context) { id, folder in
                try await page(id: id, folder: folder, page: request.uri.queryParameters.get("page", as: Int.self) ?? 1)
            }
        }
    }

    private func page(id: String, folder: String, page: Int) async throws -> Response {
        let kind = try desk.runs.kind(of: id)
        var view = PreviewPage(id: id, csrf: desk.csrf, fileName: desk.store.originalName(in: folder), words: kind.words)
        switch desk.runs.status(of: id + "/preview") {
        case .queued:
            view.running = ProgressShown(done: 0, total: 1, text: Words.say(.previewProgress, ["done": "0", "total": "?"]))
            return HTMLPage.ok(desk.pages.render("preview", title: Words.say(.titlePreview), view, refresh: 1))
        case .running(let progress, _):
            view.running = ProgressShown(
                done: progress.done, total: progress.shownTotal,
                text: Words.say(.previewProgress, ["done": Words.number(progress.done), "total": Words.number(progress.shownTotal)]))
            return HTMLPage.ok(desk.pages.render("preview", title: Words.say(.titlePreview), view, refresh: 1))
        case .finished(let summary):
            view.summary = PreviewPage.Summary(
                requests: Words.number(summary.requests ?? 0), actions: PageParts.counts(summary.actions, prefix: "action"),
                notes: Words.reconciliation(of: summary, kind: kind))
        case .failed(let failure):
            return desk.problem(.unprocessableContent, .previewFailed, ["why": desk.explain(failure, folder: folder)])
        case nil, .checking?, .checked?, .exported?:
            return Response(status: .seeOther, headers: [.location: "/jobs/\(id)/check"])
        }
        let path = folder + "/" + DeskRuns.previewName
        let lines = try await NIOThreadPool.singleton.runIfActive { Self.lines(of: path) }
        let (shown, links) = PageParts.page(lines, number: page)
        // A row that would fail is said in the page's language from its typed problem, one that
        // would go from its note's phrase; both read in one visit to the thread pool.
        let database = desk.runs.database
        let failing = shown.filter { !$0.code.isEmpty }.map(\.line)
        let noted = shown.filter { $0.code.isEmpty && !$0.message.isEmpty }.map(\.line)
        let (problems, notes) = try await NIOThreadPool.singleton.runAsAsked {
            let problems = try failing.compactMap { line in
                try database.rowToFix(job: id, report: DeskRuns.previewName, folder: folder, line: line).flatMap {
                    $0.problem == nil ? nil : $0
                }
            }
            return (problems, try database.rowNotes(job: id, report: DeskRuns.previewName, lines: noted))
        }
        var words = Dictionary(uniqueKeysWithValues: problems.map { ($0.line, $0.code + ": " + $0.words) })
        for (line, phrasing) in notes { words[line] = Words.say(phrasing) }
        view.lines = shown.map { line in
            PreviewPage.Line(
                line: line.line, key: line.key, action: Words.name(line.action, in: "action"),
                message: words[line.line] ?? [line.code, line.message].filter { !$0.isEmpty }.joined(separator: ": "))
        }
        (view.hasLines, view.links) = (!lines.isEmpty, links)
        return HTMLPage.ok(desk.pages.render("preview", title: Words.say(.titlePreview), view))
    }

    /// A line of the preview's report.
    struct PreviewLine: Sendable {
        var line: Int
        var key: String
        var action: String
        var code: String
        var message: String
    }

    /// The preview report's rows, in line order, read by the tool's own CSV reader. Blocking.
    private static func lines(of path: String) -> [PreviewLine] {
        guard let reader = try? CSVReader(path: path) else { return [] }
        let index = Dictionary(uniqueKeysWithValues: reader.columns.enumerated().map { ($1, $0) })
        var lines: [PreviewLine] = []
        while let row = try? reader.next() {
            func cell(_ name: String) -> String { index[name].map { String(row.cell($0)) } ?? "" }
            lines.append(
                PreviewLine(
                    line: Int(cell("line")) ?? 0, key: cell("key"), action: cell("action"), code: cell("error_code"),
                    message: cell("error_message")))
        }
        return lines.sorted { $0.line < $1.line }
    }
}
