import Jobs

/// How `loyalty-batch serve` runs the import desk.
public struct DeskConfiguration: Sendable {
    /// Loopback unless said otherwise; any other host needs ``users``.
    public var host = "127.0.0.1"
    /// 0: a free port.
    public var port = 8080
    /// Where each job's folder goes (`jobs/<id>/`: the upload and what is made from it).
    public var dataDirectory = "loyalty-desk"
    /// An upload over this many bytes is refused (413) and nothing of it is kept.
    public var maxUploadBytes = 200 << 20
    /// Imports (and previews) running at once; the others wait in line (`--jobs`).
    public var jobs = 2
    /// How each run spends its requests: in flight, the rate (one limiter per API, shared by
    /// every run), retries and the request timeout; its paths and flags are the desk's own.
    public var network = RunSettings()
    /// Who may sign in; nil: no sign-in, which only a loopback ``host`` allows.
    public var users: DeskUsers?

    public init() {}

    /// Whether `host` is this machine only.
    public static func isLoopback(_ host: String) -> Bool {
        ["127.0.0.1", "::1", "localhost"].contains(host.lowercased()) || host.hasPrefix("127.")
    }
}
