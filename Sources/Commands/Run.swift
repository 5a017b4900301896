import ArgumentParser
import Jobs

/// `loyalty-batch run JOB.yml [flags…]`
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the import, invite, export or check a job file (YAML) describes.",
        discussion: """
            The job file's keys are the command's long flags without --; 'job:' says which command, 'input:' is the file to read, 'map:' maps columns, 'columns:' is a list. Relative paths are relative to the job file. Flags given after the job file override it. Secrets never go in a job file: use the environment or token-file / password-file. Ready-to-copy job files are in templates/.

            Examples:
              loyalty-batch run templates/import-contacts.yml --dry-run
              loyalty-batch run nightly-export.yml --quiet
            """
    )

    @Argument(help: "The job file.")
    var job: String

    @Argument(parsing: .captureForPassthrough, help: "Flags that override the job file.")
    var overrides: [String] = []

    func run() async throws {
        let arguments: [String]
        do {
            arguments = try JobFile.load(path: job).arguments + overrides
        } catch {
            printError("error: \(error)")
            throw ExitCode(2)
        }
        var command = try LoyaltyBatch.parseAsRoot(arguments)
        if var asyncCommand = command as? any AsyncParsableCommand {
            try await asyncCommand.run()
        } else {
            try command.run()
        }
    }
}
