import BatchKit
import Foundation
import Hummingbird
import Jobs
import NIOCore
import NIOPosix

/// The desk's pages: upload a file, see what was read, map its columns, download the job file.
struct DeskRoutes: Sendable {
    let configuration: DeskConfiguration
    let store: UploadStore
    let pages: Pages
    /// The writable attributes of the Leat account, or why they could not be read.
    let attributes: @Sendable () async -> Result<[String], DeskProblem>
    let runs: DeskRuns

    /// The token every form carries back (``FormToken``): a page of another site cannot post here.
    var csrf: String { FormToken.current }

    func add(to router: Router<DeskContext>) {
        router.get("/") { _, _ in
            let database = runs.database
            let jobs = try await NIOThreadPool.singleton.runIfActive { try database.all() }.filter(mayOpen).map { job in
                let (state, link) = runs.state(of: job)
                return UploadPage.Job(
                    name: job.fileName, kind: Words.name(job.kind.rawValue, in: "kind"), who: job.who, uploaded: Words.date(job.uploaded),
                    started: job.started.map(Words.date) ?? "", state: state, ok: Words.number(job.ok), failed: Words.number(job.failed),
                    link: "/jobs/\(job.id)" + link)
            }
            let page = UploadPage(
                csrf: csrf, maxMegabytes: Words.number(configuration.maxUploadBytes >> 20), jobs: jobs, hasJobs: !jobs.isEmpty,
                invites: runs.capillary != nil)
            return HTMLPage.ok(pages.render("upload", title: Words.say(.titleUpload), page))
        }
        router.get("/desk.css") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: Pages.stylesheet)))
        }
        router.get("/desk.js") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/javascript; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: Pages.script)))
        }
        router.post("/uploads") { request, _ in try await upload(request) }
        router.get("/jobs/:id") { _, context in
            guard let id = context.parameters.get("id"), let folder = folder(of: id) else { return notFound }
            return await mapPage(id: id, folder: folder)
        }
        router.post("/jobs/:id/job-file") { request, context in
            guard let id = context.parameters.get("id"), let folder = folder(of: id) else { return notFound }
            return try await jobFile(request, id: id, folder: folder)
        }
        RunRoutes(desk: self).add(to: router)
        ExportRoutes(desk: self).add(to: router)
    }

    /// The folder of job `id` when the person asking may open it (``mayOpen(_:)``); nil otherwise,
    /// and the page says there is no such job, as for an id that never was.
    func folder(of id: String) -> String? {
        guard let folder = store.existingFolder(id) else { return nil }
        guard configuration.users != nil && !configuration.team else { return folder }
        return (try? runs.database.job(id)).flatMap { $0.map(mayOpen) } == true ? folder : nil
    }

    /// Whether the person asking may see and act on `job`: on a desk with sign-in, the user who
    /// uploaded it (every user with `--team`); on a desk without, anyone (it is this machine's).
    func mayOpen(_ job: JobRecord) -> Bool { mayOpen(madeBy: job.who) }

    /// Whether the person asking may see and act on what `who` made (a job, an export).
    func mayOpen(madeBy who: String) -> Bool {
        configuration.users == nil || configuration.team || who == SignedIn.name
    }

    var notFound: Response {
        problem(.notFound, .noSuchJob)
    }

    /// The page of problem `kind`, in the request's language; `values` go into its words.
    func problem(_ status: HTTPResponse.Status, _ kind: PageProblem, _ values: [String: String] = [:]) -> Response {
        let heading = Words.say(kind.heading)
        return HTMLPage.response(
            status, pages.render("problem", title: heading, ProblemPage(heading: heading, message: Words.say(kind.text, values))))
    }

    /// A form posted from another site (its `Origin` is not this desk's) or without the token.
    func forbidden() -> Response {
        problem(.forbidden, .refused)
    }

    /// Whether a form was posted from this desk's own page: a browser names the page's origin,
    /// which must be the desk's (the `Host` it was reached by, one of ``ServedHosts``); `null` (a
    /// sandboxed frame, a page of no origin) is refused. Without an `Origin` (not a browser's
    /// cross-site post) the form's token decides.
    func fromThisDesk(_ request: Request) -> Bool {
        guard let origin = request.headers[.origin] else { return true }
        guard let authority = request.head.authority else { return false }
        return origin == "http://" + authority || origin == "https://" + authority
    }

    private func upload(_ request: Request) async throws -> Response {
        guard fromThisDesk(request) else { return forbidden() }
        guard let boundary = request.headers[.contentType].flatMap(MultipartUpload.boundary(of:)) else {
            return problem(.badRequest, .noFile)
        }
        let limit = configuration.maxUploadBytes
        let tooLarge = problem(.contentTooLarge, .tooLarge, ["megabytes": Words.number(limit >> 20)])
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit { return tooLarge }
        let id = try store.makeJob()
        let folder = store.folder(id)
        let partial = folder + "/upload.part"
        let upload: MultipartUpload
        do {
            let sink = try FileSink(path: partial)
            // The form's token comes before its file: a wrong one is refused before a byte of the file is written.
            upload = try await MultipartUpload.read(
                request.body, boundary: boundary, fileField: "file", limit: limit, clock: ContinuousClock(),
                accept: { FormToken.matches($0["csrf"]) }
            ) { try sink.write($0) }
            try sink.flush()
            try await UploadStore.sync(partial)
        } catch let failure as MultipartUpload.Failure {
            store.remove(id)
            switch failure {
            case .tooLarge: return tooLarge
            case .refused: return forbidden()
            case .tooSlow:
                typealias Pace = UploadPace<ContinuousClock.Instant>
                return problem(
                    .requestTimeout, .tooSlow,
                    ["kilobytes": Words.number(Pace.minimumBytes >> 10), "seconds": Words.number(Int(Pace.window.components.seconds))])
            case .malformed(let why): return problem(.badRequest, .uploadFailed, ["why": why])
            }
        } catch {
            store.remove(id)
            return problem(.badRequest, .uploadFailed, ["why": "\(error)"])
        }
        guard FormToken.matches(upload.fields["csrf"]) else {
            store.remove(id)
            return forbidden()
        }
        let kind = upload.fields["kind"].flatMap(JobRecord.Kind.init(rawValue:)) ?? .contacts
        if kind == .invites && runs.capillary == nil {
            store.remove(id)
            return problem(.badRequest, .noInvites)
        }
        // The name is shown, never used as a path: a browser that sends a whole path gets its last part.
        let name = UploadStore.cleanName(
            (upload.fileName ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? "")
        let suffix = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        // What the bytes are says more than the name: a PDF is called a PDF, whatever its name.
        let format = UploadStore.extensions[suffix]
        if let why = UploadPreview.refusal(path: partial, format: format ?? "csv")
            ?? (format == nil ? Words.say(.notCSVNDJSONOrWorkbook) : nil)
        {
            store.remove(id)
            return problem(.unsupportedMediaType, .notSpreadsheet, ["name": name, "why": why])
        }
        let path = folder + "/upload." + format!
        try FileManager.default.moveItem(atPath: partial, toPath: path)
        // Read once here, off the server's threads: a file the desk cannot read (a workbook that
        // unpacks without end, a table too wide to map) is refused now, not at every page.
        if let why = await UploadPreview.keep(path: path, in: folder, maxColumns: DeskConfiguration.maxColumns) {
            store.remove(id)
            return problem(.unprocessableContent, .unreadableUpload, ["name": name, "why": explain(why, folder: folder)])
        }
        try Data(name.utf8).write(to: URL(fileURLWithPath: folder + "/name.txt"))
        try runs.database.insert(JobRecord(id: id, fileName: name, kind: kind, who: SignedIn.name, uploaded: Date(), state: .uploaded))
        try runs.database.record(id, "uploaded")
        return Response(status: .seeOther, headers: [.location: "/jobs/\(id)"])
    }

    /// `error` in words for a page: the job folder's paths, which are the server's own, are left
    /// out (the upload is named by the name its browser gave).
    func explain(_ error: any Error, folder: String) -> String {
        explain(DeskRuns.Failure(error), folder: folder)
    }

    /// `failure` in the request's language when its library gave its phrase, else as it says it.
    func explain(_ failure: DeskRuns.Failure, folder: String) -> String {
        failure.phrasing.map(Words.say) ?? explain(failure.message, folder: folder)
    }

    func explain(_ text: String, folder: String) -> String {
        let name = store.originalName(in: folder)
        var text = text
        for format in Set(UploadStore.extensions.values) {
            text = text.replacingOccurrences(of: folder + "/upload." + format, with: "'\(name)'")
        }
        return text.replacingOccurrences(of: folder + "/", with: "").replacingOccurrences(of: store.root + "/", with: "")
    }

    private func mapPage(id: String, folder: String) async -> Response {
        let name = store.originalName(in: folder)
        guard let path = store.upload(in: folder) else { return notFound }
        let preview: UploadPreview
        do {
            preview = try await UploadPreview.kept(in: folder, upload: path)
        } catch {
            return problem(.unprocessableContent, .unreadable, ["name": name, "why": explain(error, folder: folder)])
        }
        let kind = (try? runs.kind(of: id)) ?? .contacts
        var view = MapPage(id: id, fileName: name, csrf: csrf, kind: kind, preview: preview).view
        switch kind {
        case .invites: view.columns = MapPage.inviteColumns(preview)
        case .balances:
            view.columns = MapPage.balanceColumns(preview)
            do {
                view.balances?.shops = MapPage.shops(try await runs.leat.shops().value)
            } catch {
                view.leatProblem = "\(runs.leat.configuration.baseURL) \(error.outcome(of: "GET shops"))"
            }
        case .contacts:
            switch await attributes() {
            case .success(let names): view.columns = MapPage.columns(preview, attributes: names)
            case .failure(let problem):
                view.leatProblem = problem.message
                view.columns = MapPage.columns(preview, attributes: [])
            }
        }
        return HTMLPage.ok(pages.render("map", title: name, view))
    }

    /// The map page's form, checked: the choices, or the page saying what is missing.
    func mapping(_ request: Request, id: String, folder: String) async throws -> MappingForm {
        guard fromThisDesk(request) else { return .refused(forbidden()) }
        let body = try await request.body.collect(upTo: 1 << 20)
        guard let form = try? URLEncodedFormDecoder().decode(MapForm.self, from: String(buffer: body)), FormToken.matches(form.csrf) else {
            return .refused(forbidden())
        }
        guard let path = store.upload(in: folder) else { return .refused(notFound) }
        let columns = try await UploadPreview.kept(in: folder, upload: path).columns
        do {
            return .chosen(try DeskMapping(form: form, columns: columns, kind: try runs.kind(of: id)), columns: columns)
        } catch {
            return .refused(problem(.badRequest, .mappingIncomplete, ["why": explain(error, folder: folder)]))
        }
    }

    private func jobFile(_ request: Request, id: String, folder: String) async throws -> Response {
        switch try await mapping(request, id: id, folder: folder) {
        case .refused(let page): return page
        case .chosen(let mapping, let columns): return try download(jobFile: mapping, columns: columns, folder: folder)
        }
    }

    /// The job file of `mapping`, as an attachment named after the upload.
    func download(jobFile mapping: DeskMapping, columns: [String], folder: String) throws -> Response {
        let name = store.originalName(in: folder)
        let yaml = try mapping.jobFile(input: name, columns: columns)
        let stem = name.split(separator: ".").dropLast().joined(separator: ".")
        let fileName =
            (mapping.kind == .contacts ? "import-" : "invite-") + PageParts.fileNameSafe(stem.isEmpty ? mapping.kind.rawValue : stem)
            + ".yml"
        return Response(
            status: .ok,
            headers: [.contentType: "application/yaml; charset=utf-8", .contentDisposition: "attachment; filename=\"\(fileName)\""],
            body: .init(byteBuffer: ByteBuffer(string: yaml)))
    }
}

/// The map page's form as posted: the mapping chosen, or the page to answer instead.
enum MappingForm {
    case chosen(DeskMapping, columns: [String])
    case refused(Response)
}

/// Why the desk cannot go on; shown on the page.
struct DeskProblem: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// HTML responses with the desk's headers.
enum HTMLPage {
    static func ok(_ html: String) -> Response { response(.ok, html) }

    static func response(_ status: HTTPResponse.Status, _ html: String) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
