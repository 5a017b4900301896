import BatchKit
import Foundation
import Hummingbird
import Jobs
import NIOCore
import NIOPosix
import TextFormats

/// The desk's pages after the mapping: the rows checked offline, the import running (the page
/// refreshes itself; Stop drains), and its results with the files to download.
struct RunRoutes: Sendable {
    let desk: DeskRoutes

    /// Files of a job folder that may be downloaded, with their content types.
    static let downloads: [String: String] = {
        var files = [DeskRuns.reportName: "text/csv", DeskRuns.summaryName: "application/json", "job.yml": "application/yaml"]
        for (format, type) in [
            "csv": "text/csv", "ndjson": "application/x-ndjson",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ] {
            files["rows-to-fix." + format] = type
            files["check-rows-to-fix." + format] = type
        }
        return files
    }()

    func add(to router: Router<DeskContext>) {
        router.post("/jobs/:id/mapping") { request, context in
            try await withJob(context) { id, folder in
                switch try await desk.mapping(request, id: id, folder: folder) {
                case .refused(let page): return page
                case .chosen(let mapping, _):
                    guard desk.runs.forgetCheck(id: id, folder: folder) else {
                        return desk.problem(
                            .conflict, .beingChecked)
                    }
                    try mapping.save(in: folder)
                    try desk.runs.database.record(id, "mapped")
                    try desk.runs.database.update(id) { if $0.state == .uploaded { $0.state = .mapped } }
                    return Response(status: .seeOther, headers: [.location: "/jobs/\(id)/check"])
                }
            }
        }
        router.get("/jobs/:id/check") { request, context in
            try await withJob(context) { id, folder in
                let query = request.uri.queryParameters
                return try await check(
                    id: id, folder: folder, page: query.get("page", as: Int.self) ?? 1, fixedLine: query.get("fixed", as: Int.self))
            }
        }
        router.post("/jobs/:id/run") { request, context in
            try await withJob(context) { id, folder in try await start(request, id: id, folder: folder) }
        }
        router.get("/jobs/:id/run") { request, context in
            try await withJob(context) { id, folder in
                let query = request.uri.queryParameters
                return try await runPage(
                    id: id, folder: folder, page: query.get("page", as: Int.self) ?? 1, fixedLine: query.get("fixed", as: Int.self))
            }
        }
        router.get("/jobs/:id/events") { _, context in
            try await withJob(context) { id, _ in events(id) }
        }
        router.post("/jobs/:id/stop") { request, context in
            try await withJob(context) { id, _ in
                guard try await postedForm(request) != nil else { return desk.forbidden() }
                desk.runs.stop(id, reason: .fromTheDesk)
                try desk.runs.database.record(id, "stopped")
                return Response(status: .seeOther, headers: [.location: "/jobs/\(id)/run"])
            }
        }
        router.post("/jobs/:id/delete") { request, context in
            try await withJob(context) { id, _ in
                guard try await postedForm(request) != nil else { return desk.forbidden() }
                guard !desk.runs.isBusy(id) else {
                    return desk.problem(.conflict, .jobRunning)
                }
                desk.store.remove(id)
                try desk.runs.database.remove(id)
                try desk.runs.database.record(id, "deleted")
                desk.runs.forget(id)
                return Response(status: .seeOther, headers: [.location: "/"])
            }
        }
        PreviewRoutes(desk: desk, runs: self).add(to: router)
        FixRoutes(runs: self).add(to: router)
        router.get("/jobs/:id/files/:name") { _, context in
            try await withJob(context) { _, folder in try await file(context.parameters.get("name") ?? "", folder: folder, context: context)
            }
        }
    }

    /// `body` with the id and folder of the request's job, when the person asking may open it
    /// (``DeskRoutes/folder(of:)``); the page of no such job otherwise.
    func withJob(_ context: DeskContext, _ body: (String, String) async throws -> Response) async throws -> Response {
        guard let id = context.parameters.get("id"), let folder = desk.folder(of: id) else { return desk.notFound }
        return try await body(id, folder)
    }

    /// A form posted from this desk's own page, with its token; nil when it came from elsewhere
    /// or without the token (the caller answers ``DeskRoutes/forbidden()``).
    func postedForm(_ request: Request) async throws -> [String: String]? {
        guard desk.fromThisDesk(request) else { return nil }
        let body = try await request.body.collect(upTo: 1 << 16)
        let fields = (try? URLEncodedFormDecoder().decode([String: String].self, from: String(buffer: body))) ?? [:]
        return FormToken.matches(fields["csrf"]) ? fields : nil
    }

    /// The upload, its mapping and its columns (from the preview kept at upload); nil when the
    /// mapping was not chosen yet.
    func prepared(_ folder: String) async throws -> (input: String, mapping: DeskMapping, columns: [String])? {
        guard let input = desk.store.upload(in: folder), let mapping = DeskMapping.load(from: folder) else { return nil }
        return (input, mapping, try await UploadPreview.kept(in: folder, upload: input).columns)
    }

    /// Job `id`'s rows as fixed in the page, by line (read on NIO's thread pool).
    func fixedRows(of id: String) async throws -> [Int: [String]] {
        let database = desk.runs.database
        return try await NIOThreadPool.singleton.runIfActive { try database.fixedRows(job: id) }
    }

    private func start(_ request: Request, id: String, folder: String) async throws -> Response {
        guard let fields = try await postedForm(request) else { return desk.forbidden() }
        guard let (input, mapping, columns) = try await prepared(folder) else {
            return Response(status: .seeOther, headers: [.location: "/jobs/\(id)"])
        }
        // A run that was stopped or interrupted goes on from its report; a finished one is not run twice.
        let resume = fields["resume"] == "1"
        if !resume, FileManager.default.fileExists(atPath: folder + "/" + DeskRuns.reportName) {
            return Response(status: .seeOther, headers: [.location: "/jobs/\(id)/run"])
        }
        let job = mapping.job(columns, fixedRows: try await fixedRows(of: id))
        desk.runs.start(id: id, folder: folder, input: input, job: job, resume: resume)
        try desk.runs.database.record(id, resume ? "resumed" : "ran")
        return Response(status: .seeOther, headers: [.location: "/jobs/\(id)/run"])
    }

    private func runPage(id: String, folder: String, page: Int, fixedLine: Int?) async throws -> Response {
        let status: DeskRuns.Status?
        if let live = desk.runs.status(of: id) {
            status = live
        } else {
            // Never run: its run page is its check page.
            guard let record = try desk.runs.database.job(id), record.state != .uploaded && record.state != .mapped else {
                return Response(status: .seeOther, headers: [.location: "/jobs/\(id)/check"])
            }
            status = Self.afterRestart(record, folder: folder)
        }
        let name = desk.store.originalName(in: folder)
        let kind = try desk.runs.kind(of: id)
        let words = kind.words
        var view = RunPage(id: id, csrf: desk.csrf, fileName: name)
        var refresh: Int?
        switch status {
        case .queued:
            view.heading = Words.say(.headingQueued)
            view.queued = desk.runs.ahead(of: id).map { $0 + 1 } ?? 1
            refresh = 1
        case .running(let progress, _):
            view.heading = progress.phase.map { Words.say("phase.\($0)") } ?? words["doing"] ?? ""
            view.running = ProgressShown(done: progress.done, total: progress.shownTotal, text: Self.progressText(progress))
            refresh = 1
        case .finished(let summary):
            view.heading = summary.stopped == nil ? words["done"] ?? "" : Words.say(.headingStopped)
            view.summary = Self.results(summary, kind: kind)
            if summary.failed + summary.alreadyFailed > 0, let (input, _, columns) = try await prepared(folder) {
                // Rows failed for their own data are fixed here and sent again (``FixRoutes``).
                let database = desk.runs.database
                let toSend = try await NIOThreadPool.singleton.runIfActive { try database.fixesToSend(job: id) }
                if !toSend.isEmpty { view.resend = Words.number(toSend.count) }
                if let line = fixedLine, toSend.contains(line) { view.fixNote = Words.say(.fixedToSend, ["line": "\(line)"]) }
                view.toFix = try await PageParts.rowsToFix(
                    database, job: id, report: DeskRuns.reportName, folder: folder, input: input, columns: columns, page: page,
                    pagePath: "/jobs/\(id)/run", fixed: try await fixedRows(of: id), fixable: FixRoutes.isFixable(code:), toSend: toSend)
            }
        case .failed(let failure):
            view.heading = words["notDone"] ?? ""
            view.failure = desk.explain(failure, folder: folder)
        case nil, .checking?, .checked?, .exported?:
            // Interrupted: the desk stopped while it ran, and its report is the ledger.
            view.heading = Words.say(.headingInterrupted)
            view.interrupted = true
        }
        return HTMLPage.ok(desk.pages.render("run", title: name, view, refresh: refresh))
    }

    /// A run that is not under way, as the desk's database keeps it: its summary when it finished
    /// or stopped, nil when it was interrupted (the desk stopped while it ran).
    private static func afterRestart(_ record: JobRecord, folder: String) -> DeskRuns.Status? {
        switch record.state {
        case .finished, .stopped: return RunSummary.read(fromJSON: folder + "/" + DeskRuns.summaryName).map { .finished($0) }
        case .failed: return .failed(DeskRuns.Failure(.runFailedBeforeSending))
        case .running, .interrupted, .uploaded, .mapped: return nil
        }
    }

    /// A run's progress in words: rows done of the total, ok, failed, the pace and the time left.
    static func progressText(_ progress: JobProgress) -> String {
        let total = progress.shownTotal
        let eta = progress.remaining.map {
            Words.say(.progressLeft, ["minutes": Words.number(Int($0.seconds) / 60), "seconds": Words.number(Int($0.seconds) % 60)])
        }
        return Words.say(
            .progressRows,
            [
                "done": Words.number(progress.done), "total": Words.number(total), "percent": "\(progress.done * 100 / total)",
                "ok": Words.number(progress.ok), "failed": Words.number(progress.failed), "rate": Words.number(Int(progress.rowsPerSecond)),
            ]) + (eta.map { " · " + $0 } ?? "")
    }

    /// The run's progress as Server-Sent Events, twice a second, then `done` once it is over, in
    /// the language of the page that asked.
    private func events(_ id: String) -> Response {
        let (runs, language) = (desk.runs, DeskLanguage.current)
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
            body: ResponseBody { writer in
                while true {
                    func data(done: Int, total: Int, text: String) -> String {
                        "data: {\"done\":\(done),\"total\":\(total),\"text\":\(JSONText.quoted(text))}\n\n"
                    }
                    switch runs.status(of: id) {
                    case .running(let progress, _):
                        let text = DeskLanguage.$current.withValue(language) { Self.progressText(progress) }
                        try await writer.write(ByteBuffer(string: data(done: progress.done, total: progress.shownTotal, text: text)))
                    case .queued:
                        try await writer.write(ByteBuffer(string: ": waiting\n\n"))
                    case .finished(let summary) where summary.stopped == nil:
                        // The bar ends full, with the final counts, before the page shows the results.
                        let rows = summary.ok + summary.failed + summary.alreadyDone
                        let text = DeskLanguage.$current.withValue(language) {
                            Words.say(
                                .progressDone,
                                ["rows": Words.number(rows), "ok": Words.number(summary.ok), "failed": Words.number(summary.failed)])
                        }
                        try await writer.write(ByteBuffer(string: "event: done\n" + data(done: rows, total: max(rows, 1), text: text)))
                        try await writer.finish(nil)
                        return
                    default:
                        try await writer.write(ByteBuffer(string: "event: done\ndata: {}\n\n"))
                        try await writer.finish(nil)
                        return
                    }
                    try await Task.sleep(for: .milliseconds(500))
                }
            })
    }

    /// The results for the page; a points import's reconciliation (its last note) with them.
    private static func results(_ summary: RunSummary, kind: JobRecord.Kind) -> RunPage.Results {
        RunPage.Results(
            notes: Words.reconciliation(of: summary, kind: kind),
            rows: Words.number(summary.rows), ok: Words.number(summary.ok), failed: Words.number(summary.failed),
            requests: Words.number(summary.requests ?? 0), actions: PageParts.counts(summary.actions, prefix: "action"),
            errors: PageParts.counts(summary.errors, prefix: "code"), hasErrors: !summary.errors.isEmpty,
            alreadyDone: summary.alreadyDone > 0 ? Words.number(summary.alreadyDone) : nil,
            stopped: summary.stoppedPhrasing.map(Words.say) ?? summary.stopped,
            rowsToFix: summary.failedRows.map { String($0.split(separator: "/").last ?? "") })
    }

    /// A file of the job's folder, streamed from disk by Hummingbird's `FileIO` (NIO's thread pool).
    private func file(_ name: String, folder: String, context: DeskContext) async throws -> Response {
        guard let type = Self.downloads[name] else { return desk.notFound }
        if name == "job.yml" {
            guard let (_, mapping, columns) = try await prepared(folder) else { return desk.notFound }
            return try desk.download(jobFile: mapping, columns: columns, folder: folder)
        }
        let charset =
            type.hasPrefix("text/") || type.hasPrefix("application/json") || type.hasPrefix("application/yaml") ? "; charset=utf-8" : ""
        return try await FileDownload.response(
            folder + "/" + name, as: FileDownload.name(name, ofJobIn: folder, store: desk.store), type: type + charset, context: context)
            ?? desk.notFound
    }
}
