/// How `loyalty-batch serve` runs the import desk.
public struct DeskConfiguration: Sendable {
    /// Loopback unless said otherwise; the desk has no sign-in yet, so it refuses any other host.
    public var host = "127.0.0.1"
    /// 0: a free port.
    public var port = 8080
    /// Where each job's folder goes (`jobs/<id>/`: the upload and what is made from it).
    public var dataDirectory = "loyalty-desk"
    /// An upload over this many bytes is refused (413) and nothing of it is kept.
    public var maxUploadBytes = 200 << 20
    /// Imports (and previews) running at once; the others wait in line (`--jobs`).
    public var jobs = 2

    public init() {}

    /// Whether `host` is this machine only.
    public static func isLoopback(_ host: String) -> Bool {
        ["127.0.0.1", "::1", "localhost"].contains(host.lowercased()) || host.hasPrefix("127.")
    }
}
