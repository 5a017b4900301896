import ArgumentParser
import BatchKit
import Foundation
import NIOCore
import NIOPosix
import TextFormats

#if os(Linux)
    import CMalloc
#endif

/// The `loyalty-batch` command: imports contacts into Leat, sends Capillary referral invites and
/// exports Leat's lists, in bulk.
package struct LoyaltyBatch: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "loyalty-batch",
        abstract: "Bulk import, invite and export for the Leat (Piggy) and Capillary loyalty APIs.",
        discussion: """
            Exit codes: 0 every row ok; 1 some rows failed; 2 usage or unreadable input; 3 job stopped (resumable).

            Try it with no account (--sandbox starts a fake Leat and Capillary in the same process):
              loyalty-batch run examples/import-contacts-nl.yml --sandbox
              loyalty-batch invite referrals examples/referrals.csv --sandbox
              loyalty-batch export contacts -o contacts.csv --sandbox
            """,
        version: "0.1.0",
        subcommands: [Check.self, Import.self, Invite.self, Export.self, Run.self, Serve.self]
    )

    package init() {}

    /// Runs the command, mapping ArgumentParser's usage errors (64) to the documented exit code 2.
    package static func main() async {
        // Run Swift concurrency's jobs on NIO's event loops: no thread hop between the HTTP client's
        // I/O and the row tasks, so less CPU a request (docs/BENCHMARKS.md). Blocking work (file
        // reading, checks, bcrypt, page parsing) goes to NIO's thread pool for that reason.
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        #if os(Linux)
            // glibc gives each thread that allocates its own heap (up to 8 a core), and each keeps what
            // it freed: two heaps keep a long listing's peak lower, for no more CPU.
            mallopt(M_ARENA_MAX, 2)
        #endif
        do {
            var command = try parseAsRoot()
            // Messages name settings as this front end gives them: by their flags.
            try await Wording.$current.withValue(.commandLine) {
                if var asyncCommand = command as? any AsyncParsableCommand {
                    try await asyncCommand.run()
                } else {
                    try command.run()
                }
            }
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                Foundation.exit(0)
            }
            if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
