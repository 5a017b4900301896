import Jobs

/// How `loyalty-batch serve` runs the import desk.
package struct DeskConfiguration: Sendable {
    /// Loopback unless said otherwise; any other host needs ``users``.
    package var host = "127.0.0.1"
    /// 0: a free port.
    package var port = 8080
    /// Where each job's folder goes (`jobs/<id>/`: the upload and what is made from it).
    package var dataDirectory = "loyalty-desk"
    /// An upload over this many bytes is refused (413) and nothing of it is kept.
    package var maxUploadBytes = 200 << 20
    /// Imports (and previews) running at once; the others wait in line (`--jobs`).
    package var jobs = 2
    /// How each run spends its requests: in flight, the rate (one limiter per API, shared by
    /// every run), retries and the request timeout; its paths and flags are the desk's own.
    package var network = RunSettings()
    /// Who may sign in; nil: no sign-in, which only a loopback ``host`` allows.
    package var users: DeskUsers?
    /// With sign-in, the host names other machines reach the desk by (`--allowed-host`); a request
    /// naming another host is refused. Without sign-in only loopback names are served.
    package var allowedHosts: [String] = []
    /// Every signed-in user sees and acts on every job (`--team`); otherwise each their own.
    package var team = false

    /// Columns an upload may have: the map page shows one row a column.
    static let maxColumns = 1_000

    package init() {}

    /// Whether `host` is an address that listens on every interface (`0.0.0.0`, `::`).
    package static func isWildcard(_ host: String) -> Bool {
        host == "0.0.0.0" || host == "::" || host == "[::]"
    }
}
