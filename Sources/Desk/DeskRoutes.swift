import BatchKit
import Foundation
import Hummingbird
import Jobs
import NIOCore

/// The desk's pages: upload a file, see what was read, map its columns, download the job file.
struct DeskRoutes: Sendable {
    let configuration: DeskConfiguration
    let store: UploadStore
    let pages: Pages
    /// The token every form carries back: a page of another site cannot post here.
    let csrf: String
    /// The writable attributes of the Leat account, or why they could not be read.
    let attributes: @Sendable () async -> Result<[String], DeskProblem>
    let runs: DeskRuns

    func add(to router: Router<DeskContext>) {
        router.get("/") { _, _ in
            let jobs = try runs.database.all().map { job in
                let (state, link) = runs.state(of: job)
                return ["name": job.fileName, "kind": job.kind.rawValue, "who": job.who, "uploaded": job.uploaded.formatted(.iso8601),
                        "started": job.started?.formatted(.iso8601) ?? "", "state": state, "ok": job.ok, "failed": job.failed,
                        "link": "/jobs/\(job.id)" + link] as [String: Any]
            }
            return HTMLPage.ok(pages.render("upload", title: "Upload", ["csrf": csrf, "maxMegabytes": configuration.maxUploadBytes >> 20,
                                                                        "jobs": jobs, "hasJobs": !jobs.isEmpty, "invites": runs.capillary != nil]))
        }
        router.get("/desk.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: Pages.stylesheet)))
        }
        router.get("/desk.js") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: Pages.script)))
        }
        router.post("/uploads") { request, _ in try await upload(request) }
        router.get("/jobs/:id") { _, context in
            guard let id = context.parameters.get("id"), let folder = store.existingFolder(id) else { return notFound }
            return await mapPage(id: id, folder: folder)
        }
        router.post("/jobs/:id/job-file") { request, context in
            guard let id = context.parameters.get("id"), let folder = store.existingFolder(id) else { return notFound }
            return try await jobFile(request, id: id, folder: folder)
        }
        RunRoutes(desk: self).add(to: router)
    }

    var notFound: Response {
        problem(.notFound, "No such job", "This job is not on this desk (its folder may have been removed).")
    }

    func problem(_ status: HTTPResponse.Status, _ heading: String, _ message: String) -> Response {
        HTMLPage.response(status, pages.render("problem", title: heading, ["heading": heading, "message": message]))
    }

    /// A form posted from another site (its `Origin` is not this desk's) or without the token.
    func forbidden() -> Response {
        problem(.forbidden, "Refused", "This form did not come from this desk's own page (its security token is missing or wrong). Open the desk again and repeat.")
    }

    func fromThisDesk(_ request: Request) -> Bool {
        guard let origin = request.headers[.origin], origin != "null" else { return true }
        return request.head.authority.map { origin == "http://" + $0 } ?? false
    }

    private func upload(_ request: Request) async throws -> Response {
        guard fromThisDesk(request) else { return forbidden() }
        guard let boundary = request.headers[.contentType].flatMap(MultipartUpload.boundary(of:)) else {
            return problem(.badRequest, "No file", "The upload was not a file form (multipart/form-data). Use the form on the desk's first page.")
        }
        let limit = configuration.maxUploadBytes
        let tooLarge = problem(.contentTooLarge, "The file is too large", "The desk takes files up to \(limit >> 20) MB (--max-upload-mb). Nothing of it was kept.")
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit { return tooLarge }
        let id = try store.makeJob()
        let folder = store.folder(id)
        let partial = folder + "/upload.part"
        let upload: MultipartUpload
        do {
            let sink = try FileSink(path: partial)
            upload = try await MultipartUpload.read(request.body, boundary: boundary, fileField: "file", limit: limit) { try sink.write($0) }
            try sink.sync()
        } catch MultipartUpload.Failure.tooLarge {
            store.remove(id)
            return tooLarge
        } catch {
            store.remove(id)
            return problem(.badRequest, "The upload failed", "\(error). Nothing of it was kept.")
        }
        guard upload.fields["csrf"] == csrf else {
            store.remove(id)
            return forbidden()
        }
        let kind = upload.fields["kind"].flatMap(JobRecord.Kind.init(rawValue:)) ?? .contacts
        if kind == .invites && runs.capillary == nil {
            store.remove(id)
            return problem(.badRequest, "Invites cannot be sent from this desk",
                           "Capillary is not set up on this desk: start it with CAPILLARY_API_URL and its credentials (as for 'invite referrals'), or with --sandbox. Nothing was kept.")
        }
        // The name is shown, never used as a path: a browser that sends a whole path gets its last part.
        let name = (upload.fileName ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let suffix = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        // What the bytes are says more than the name: a PDF is called a PDF, whatever its name.
        let format = UploadStore.extensions[suffix]
        if let why = UploadPreview.refusal(path: partial, format: format ?? "csv") ?? (format == nil ? "it is not a .csv, .ndjson or .xlsx file" : nil) {
            store.remove(id)
            return problem(.unsupportedMediaType, "Not a spreadsheet", "'\(name)': \(why). Nothing of it was kept.")
        }
        try FileManager.default.moveItem(atPath: partial, toPath: folder + "/upload." + format!)
        try Data(name.utf8).write(to: URL(fileURLWithPath: folder + "/name.txt"))
        try runs.database.insert(JobRecord(id: id, fileName: name, kind: kind, who: SignedIn.name, uploaded: Date(), state: .uploaded))
        return Response(status: .seeOther, headers: [.location: "/jobs/\(id)"])
    }

    private func mapPage(id: String, folder: String) async -> Response {
        let name = store.originalName(in: folder)
        guard let path = store.upload(in: folder) else { return notFound }
        let preview: UploadPreview
        do {
            preview = try UploadPreview.read(path: path)
        } catch {
            return problem(.unprocessableContent, "The file could not be read", "'\(name)': \(error)")
        }
        let kind = (try? runs.kind(of: id)) ?? .contacts
        var context = MapPage(id: id, fileName: name, csrf: csrf, kind: kind, preview: preview).context
        if kind == .invites {
            context["columns"] = MapPage.inviteColumns(preview)
            return HTMLPage.ok(pages.render("map", title: name, context))
        }
        switch await attributes() {
        case .success(let names): context["columns"] = MapPage.columns(preview, attributes: names)
        case .failure(let problem):
            context["leatProblem"] = problem.message
            context["columns"] = MapPage.columns(preview, attributes: [])
        }
        return HTMLPage.ok(pages.render("map", title: name, context))
    }

    /// The map page's form, checked: the choices, or the page saying what is missing.
    func mapping(_ request: Request, id: String, folder: String) async throws -> MappingForm {
        guard fromThisDesk(request) else { return .refused(forbidden()) }
        let body = try await request.body.collect(upTo: 1 << 20)
        guard let form = try? URLEncodedFormDecoder().decode(MapForm.self, from: String(buffer: body)), form.csrf == csrf else { return .refused(forbidden()) }
        guard let path = store.upload(in: folder) else { return .refused(notFound) }
        let columns = try UploadPreview.read(path: path, previewRows: 0, sampleRows: 1).columns
        do {
            return .chosen(try DeskMapping(form: form, columns: columns, kind: try runs.kind(of: id)), columns: columns)
        } catch {
            return .refused(problem(.badRequest, "The mapping is not complete", "\(error)"))
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
        let fileName = (mapping.kind == .contacts ? "import-" : "invite-") + PageParts.fileNameSafe(stem.isEmpty ? mapping.kind.rawValue : stem) + ".yml"
        return Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8", .contentDisposition: "attachment; filename=\"\(fileName)\""],
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
