import ArgumentParser
import Desk
import Jobs
import LeatAPI
import Logging

/// `loyalty-batch serve`: the import desk.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The import desk: a web page to upload a contacts spreadsheet, see what was read, map its columns and download the job file.",
        discussion: """
        The page shows the file's format in plain words and its first rows, and suggests where each column goes (email, the Leat account's attributes, a new attribute, or left out), from its name in English, Dutch, German, French or Spanish. "Download as job file" gives the YAML that 'loyalty-batch run' takes.

        Uploads are kept under --data-dir (jobs/<id>/, owner-only). The desk has no sign-in yet: it listens on this machine only. Leat: as for import (LEAT_API_URL, LEAT_API_TOKEN or --token-file), or --sandbox.

        Example:
          loyalty-batch serve --sandbox        # then open http://127.0.0.1:8080/
        """
    )

    @Option(help: "The address to listen on: this machine only (127.0.0.1, ::1 or localhost).")
    var host = "127.0.0.1"

    @Option(help: "The port (0: a free one, printed).")
    var port = 8080

    @Option(help: "Where uploads are kept.", completion: .directory)
    var dataDir = "loyalty-desk"

    @Option(help: ArgumentHelp("The largest upload taken.", valueName: "MB"))
    var maxUploadMb = 200

    @Option(help: "Imports running at once; the others wait in line. All share one rate limit.")
    var jobs = 2

    @Flag(help: "Start a sandbox in this process and serve against it: try the desk with no account.")
    var sandbox = false

    @Option(help: "Read the Leat token from this file instead of LEAT_API_TOKEN.", completion: .file())
    var tokenFile: String?

    func validate() throws {
        if !DeskConfiguration.isLoopback(host) {
            throw ValidationError("--host \(host): the desk has no sign-in yet, so it listens on this machine only (127.0.0.1, ::1 or localhost)")
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
        let sandbox = self.sandbox ? try await startSandbox(quiet: false) : nil
        let leat = try await configured(sandbox) { try leatConfiguration(sandbox, tokenFile: tokenFile) }
        let host = self.host
        do {
            try await withLeatClient(configuration: leat, concurrency: 4) { client in
                var logger = Logger(label: "loyalty-desk")
                logger.logLevel = .warning
                try await DeskServer.run(configuration: desk, leat: client, logger: logger) { port in
                    printError("desk: http://\(host.contains(":") ? "[\(host)]" : host):\(port)/ (Ctrl-C stops it)")
                }
            }
        } catch {
            printError("error: the desk stopped: \(error)")
            await sandbox?.stop()
            throw ExitCode(2)
        }
        await sandbox?.stop()
    }
}
