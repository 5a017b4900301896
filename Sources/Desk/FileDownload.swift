import Foundation
import Hummingbird

/// A file of the desk's data directory sent as a download: streamed from disk by Hummingbird's
/// `FileIO` (on NIO's thread pool), never loaded whole.
enum FileDownload {
    /// The file at `path`, downloaded as `name`; nil when there is no such file.
    static func response(_ path: String, as name: String, type: String, context: DeskContext) async throws -> Response? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return Response(
            status: .ok, headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(name)\""],
            body: try await FileIO().loadFile(path: path, context: context))
    }

    /// The name a job's file `name` is downloaded as: the upload's name (only the characters safe
    /// in a header), a hyphen, `name`.
    static func name(_ name: String, ofJobIn folder: String, store: UploadStore) -> String {
        let stem = store.originalName(in: folder).split(separator: ".").first.map(String.init) ?? "import"
        return PageParts.fileNameSafe(stem) + "-" + name
    }
}
