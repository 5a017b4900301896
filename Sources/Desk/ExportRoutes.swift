import Foundation
import Hummingbird
import Jobs
import NIOPosix

/// Exports from the desk: a page to choose a list (contacts, referrals, tiers, loyalty
/// transactions), a period and a format; the export's progress; its manifest figures and its
/// file, kept until deleted. The same export job as the CLI's `export`, queued with the desk's
/// other runs and under their Leat rate limiter.
struct ExportRoutes: Sendable {
    let desk: DeskRoutes
    private var runs: DeskRuns { desk.runs }
    private var forms: RunRoutes { RunRoutes(desk: desk) }

    func add(to router: Router<DeskContext>) {
        router.get("/exports") { _, _ in try await listPage() }
        router.post("/exports") { request, _ in try await start(request) }
        router.get("/exports/:id") { _, context in try await withExport(context) { record, _ in page(record) } }
        router.post("/exports/:id/stop") { request, context in
            try await withExport(context) { record, _ in
                guard try await forms.postedForm(request) != nil else { return desk.forbidden() }
                runs.stop(DeskRuns.exportKey(record.id), reason: .fromTheDesk)
                return Response(status: .seeOther, headers: [.location: "/exports/\(record.id)"])
            }
        }
        router.post("/exports/:id/delete") { request, context in
            try await withExport(context) { record, folder in
                guard try await forms.postedForm(request) != nil else { return desk.forbidden() }
                guard !runs.isUnderWay(DeskRuns.exportKey(record.id)) else {
                    return desk.problem(.conflict, .exportRunning)
                }
                let database = runs.database
                try await NIOThreadPool.singleton.runIfActive {
                    try? FileManager.default.removeItem(atPath: folder)
                    try database.removeExport(record.id)
                }
                return Response(status: .seeOther, headers: [.location: "/exports"])
            }
        }
        router.get("/exports/:id/file") { _, context in
            try await withExport(context) { record, folder in
                let type = record.format == "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv"
                return try await FileDownload.response(folder + "/" + record.fileName, as: record.fileName, type: type, context: context)
                    ?? desk.notFound
            }
        }
        router.get("/exports/:id/manifest") { _, context in
            try await withExport(context) { record, folder in
                let name = record.fileName + ".manifest.json"
                return try await FileDownload.response(
                    folder + "/" + name, as: name, type: "application/json; charset=utf-8", context: context)
                    ?? desk.notFound
            }
        }
    }

    /// `body` with export `id` and its folder, when the person asking may open it (as a job: their
    /// own, or any with `--team` or without sign-in); the page of no such export otherwise.
    private func withExport(_ context: DeskContext, _ body: (ExportRecord, String) async throws -> Response) async throws -> Response {
        let database = runs.database
        guard let id = context.parameters.get("id"), id.allSatisfy(\.isHexDigit),
            let record = try await NIOThreadPool.singleton.runIfActive({ try database.export(id) }), mayOpen(record)
        else { return desk.problem(.notFound, .noSuchExport) }
        return try await body(record, folder(of: record.id))
    }

    private func mayOpen(_ record: ExportRecord) -> Bool { desk.mayOpen(madeBy: record.who) }

    private func folder(of id: String) -> String { desk.configuration.dataDirectory + "/exports/" + id }

    private func listPage() async throws -> Response {
        let database = runs.database
        let records = try await NIOThreadPool.singleton.runIfActive { try database.exports() }.filter(mayOpen)
        let exports = records.map { record in
            ExportsPage.Export(
                id: record.id, name: record.fileName, who: record.who, started: Words.date(record.started), state: state(of: record),
                rows: Words.number(record.rows))
        }
        let page = ExportsPage(csrf: desk.csrf, exports: exports, hasExports: !exports.isEmpty)
        return HTMLPage.ok(desk.pages.render("exports", title: Words.say(.titleExports), page))
    }

    /// Where an export stands, in a word or two.
    private func state(of record: ExportRecord) -> String {
        switch runs.status(of: DeskRuns.exportKey(record.id)) {
        case .queued?: return Words.say(.stateQueued)
        case .running(let progress, _)?: return Words.say(.stateExporting, ["rows": Words.number(progress.read)])
        default: break
        }
        switch record.state {
        case .running, .interrupted: return Words.say(.stateExportInterrupted)
        case .done: return Words.say(.stateDone)
        case .failed: return Words.say(.stateFailed)
        }
    }

    private func start(_ request: Request) async throws -> Response {
        guard let form = try await forms.postedForm(request) else { return desk.forbidden() }
        let asked = DeskExportForm(form)
        let options: ExportOptions
        switch asked.options {
        case .success(let checked): options = checked
        case .failure(let problem): return desk.problem(.badRequest, .exportCannotStart, ["why": problem.message])
        }
        let record = ExportRecord(
            id: UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased(), entity: options.entity.rawValue,
            format: options.format.rawValue, from: asked.from, to: asked.to, who: SignedIn.name, started: Date(), state: .running)
        let (database, folder) = (runs.database, folder(of: record.id))
        try await NIOThreadPool.singleton.runIfActive {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try database.save(record)
        }
        runs.startExport(record, folder: folder, options: options)
        return Response(status: .seeOther, headers: [.location: "/exports/\(record.id)"])
    }

    private func page(_ record: ExportRecord) -> Response {
        var page = ExportPage(csrf: desk.csrf, id: record.id, name: record.fileName)
        switch runs.status(of: DeskRuns.exportKey(record.id)) {
        case .queued?:
            page.queued = (runs.ahead(of: DeskRuns.exportKey(record.id)) ?? 0) + 1
        case .running(let progress, _)?:
            page.running = ExportPage.Progress(
                rows: Words.number(progress.read), pages: progress.pagesDone ?? 0, lastPage: progress.lastPage)
        default:
            if record.state == .done {
                page.done = ExportPage.Figures(
                    rows: Words.number(record.rows), sha256: record.sha256 ?? "", credits: record.credits.map(Words.number))
            } else {
                page.problem = record.problem ?? Words.say(.exportInterrupted)
            }
        }
        let live = page.queued != nil || page.running != nil
        return HTMLPage.ok(desk.pages.render("export", title: record.fileName, page, refresh: live ? 1 : nil))
    }
}
