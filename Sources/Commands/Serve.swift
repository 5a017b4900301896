import ArgumentParser
import CapillaryAPI
import Desk
import Foundation
import HTTPKit
import Jobs
import LeatAPI
import Logging

/// `loyalty-batch serve`: the import desk (`serve start`, the default) and its users (`serve add-user`).
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The import desk: a web page where a marketer imports a spreadsheet.",
        subcommands: [ServeDesk.self, AddUser.self],
        defaultSubcommand: ServeDesk.self
    )
}

/// `loyalty-batch serve [start]`: serves the import desk.
struct ServeDesk: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "The import desk: a web page to import a contacts spreadsheet into Leat or send its referral invites through Capillary.",
        discussion: """
            The page shows the file's format in plain words and its first rows, and suggests where each column goes (email, the Leat account's attributes, a new attribute, or left out), from its name in English, Dutch, German, French or Spanish. "Download as job file" gives the YAML that 'loyalty-batch run' takes.

            Uploads are kept under --data-dir (jobs/<id>/, owner-only), and the list of jobs in its desk.sqlite: a job that was running when the desk stopped shows as interrupted, and Resume goes on from its report. Without --users the desk has no sign-in and listens on this machine only; with it, everyone signs in (the users file holds bcrypt hashes, made by 'serve add-user'), and --host may be another address. Leat: as for import (LEAT_API_URL, LEAT_API_TOKEN or --token-file); Capillary, for invites: as for invite referrals (CAPILLARY_API_URL and its credentials, or --password-file), else the desk takes no invites; or --sandbox for both.

            Examples:
              loyalty-batch serve --sandbox        # then open http://127.0.0.1:8080/
              loyalty-batch serve add-user ann --users desk-users
              loyalty-batch serve --host 0.0.0.0 --users desk-users --allowed-host desk.example.com
            """
    )

    @Option(help: "The address to listen on: this machine only (127.0.0.1, ::1 or localhost) unless --users is given.")
    var host = "127.0.0.1"

    @Option(help: "The port (0: a free one, printed).")
    var port = 8080

    @Option(help: "Where uploads are kept.", completion: .directory)
    var dataDir = "loyalty-desk"

    @Option(help: ArgumentHelp("The largest upload taken.", valueName: "MB"))
    var maxUploadMb = 200

    @Option(help: "Runs going at once; the others wait in line. The runs of one API share one rate limit.")
    var jobs = 2

    @OptionGroup(title: "Requests (of every run, as for import and invite)") var network: NetworkOptions

    @Option(
        help: "The users who may sign in (name:bcrypt-hash lines, written by 'serve add-user'); without it there is no sign-in.",
        completion: .file())
    var users: String?

    @Option(
        name: .customLong("allowed-host"),
        help: ArgumentHelp(
            "With --users: a host name other machines reach the desk by (repeatable); a request naming any other host is refused. Without --users only 127.0.0.1, localhost and [::1] are served.",
            valueName: "name"))
    var allowedHosts: [String] = []

    @Flag(
        help:
            "With --users: every user sees and acts on every job (each action recorded with who did it); without it, each user their own jobs."
    )
    var team = false

    @Flag(help: "Start a sandbox in this process and serve against it: try the desk with no account.")
    var sandbox = false

    @Option(help: "Read the Leat token from this file instead of LEAT_API_TOKEN.", completion: .file())
    var tokenFile: String?

    @Option(help: "Read the Capillary password from this file instead of CAPILLARY_PASSWORD.", completion: .file())
    var passwordFile: String?

    func validate() throws {
        if !EndpointURL.isLoopback(host) && users == nil {
            throw ValidationError(
                "--host \(host): a desk other machines can reach needs sign-in: add --users FILE (make it with 'loyalty-batch serve add-user NAME --users FILE'), or listen on 127.0.0.1"
            )
        }
        if users == nil && !allowedHosts.isEmpty {
            throw ValidationError(
                "--allowed-host: a desk without sign-in answers on this machine only (127.0.0.1, localhost, [::1]); add --users FILE to serve other host names"
            )
        }
        if users == nil && team { throw ValidationError("--team: a desk without sign-in has one user; add --users FILE") }
        if DeskConfiguration.isWildcard(host) && allowedHosts.isEmpty {
            throw ValidationError(
                "--host \(host) listens for other machines: name the host names they reach the desk by with --allowed-host NAME (repeatable)"
            )
        }
        if let bad = allowedHosts.first(where: { $0.isEmpty || $0.contains(where: { $0 == "/" || $0 == " " || $0 == "@" }) }) {
            throw ValidationError("--allowed-host '\(bad)' is not a host name (a name or address, without scheme, path or port)")
        }
        if !(0...65_535).contains(port) { throw ValidationError("--port must be between 0 and 65535") }
        if !(1...10_240).contains(maxUploadMb) { throw ValidationError("--max-upload-mb must be between 1 and 10240") }
        if !(1...64).contains(jobs) { throw ValidationError("--jobs must be between 1 and 64") }
    }

    func run() async throws {
        var desk = DeskConfiguration()
        desk.host = host
        desk.port = port
        desk.dataDirectory = dataDir
        desk.maxUploadBytes = maxUploadMb << 20
        desk.jobs = jobs
        desk.allowedHosts = allowedHosts
        desk.team = team
        network.apply(to: &desk.network)
        if let users {
            do {
                desk.users = try DeskUsers.load(path: users)
            } catch {
                printError("error: --users \(error)")
                throw ExitCode(2)
            }
        }
        let sandbox = self.sandbox ? try await startSandbox(quiet: false) : nil
        let leat = try await configured(sandbox) { try leatConfiguration(sandbox, tokenFile: tokenFile) }
        // Invites are taken when Capillary is set up: the sandbox's, or the environment's.
        let capillary =
            sandbox != nil || ProcessInfo.processInfo.environment["CAPILLARY_API_URL"] != nil
            ? try await configured(sandbox) { try capillaryConfiguration(sandbox, passwordFile: passwordFile) } : nil
        let host = self.host
        do {
            try await withLeatClient(configuration: leat, concurrency: network.concurrency, timeout: network.timeout) { leat in
                try await Self.withCapillary(capillary, network) { capillary in
                    var logger = Logger(label: "loyalty-desk")
                    logger.logLevel = .warning
                    try await DeskServer.run(configuration: desk, leat: leat, capillary: capillary, logger: logger) { port in
                        printError("desk: http://\(host.contains(":") ? "[\(host)]" : host):\(port)/ (Ctrl-C stops it)")
                    }
                }
            }
        } catch {
            printError("error: the desk stopped: \(error)")
            await sandbox?.stop()
            throw ExitCode(2)
        }
        await sandbox?.stop()
    }

    /// `body` with a Capillary client for `configuration`, shut down after it; with nil when there is none.
    private static func withCapillary(
        _ configuration: CapillaryConfiguration?, _ network: NetworkOptions,
        _ body: (CapillaryClient?) async throws -> Void
    ) async throws {
        guard let configuration else { return try await body(nil) }
        try await withCapillaryClient(configuration: configuration, concurrency: network.concurrency, timeout: network.timeout) {
            try await body($0)
        }
    }
}

/// `loyalty-batch serve add-user NAME`: adds a user who may sign in to the desk, or changes their password.
struct AddUser: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-user",
        abstract: "Add a user who may sign in to the desk (or change their password).",
        discussion: """
            Asks for the password twice (not shown as it is typed); from a pipe, reads it from the first line. The users file keeps its bcrypt hash, never the password, and is owner-only.

            Example:
              loyalty-batch serve add-user ann --users desk-users
            """
    )

    @Argument(help: "The name to sign in with: letters, digits, '.', '_', '-' or '@'.")
    var name: String

    @Option(help: "The users file to add to (made if missing).", completion: .file())
    var users = "desk-users"

    func validate() throws {
        if !DeskUsers.isValidName(name) { throw ValidationError("'\(name)': a user name is 1 to 64 letters, digits, '.', '_', '-' or '@'") }
    }

    func run() throws {
        let password = try PasswordPrompt.read()
        do {
            try DeskUsers.add(name: name, password: password, to: users)
        } catch {
            printError("error: \(error)")
            throw ExitCode(2)
        }
        printError("\(name) may sign in: \(users) updated")
    }
}
