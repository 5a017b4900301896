import ArgumentParser
import BatchKit
import CapillaryAPI
import Jobs
import LeatAPI
import Sandbox

// What every bulk command does around its job: the sandbox of --sandbox, the API settings,
// Ctrl-C, and the summary and exit code.

/// Starts the sandbox in this process for `--sandbox` (exit 2 when it cannot listen), with 100
/// Capillary customers to refer from (mobiles 9190000000001–9190000000100, emails
/// customer1@example.com …) and `contacts` generated Leat contacts.
func startSandbox(quiet: Bool, contacts: Int = 0, transactions: Int = 0) async throws -> RunningSandbox {
    do {
        var configuration = SandboxConfiguration()
        configuration.seedCustomers = 100
        configuration.seedContacts = contacts
        configuration.seedTransactions = transactions
        let sandbox = try await SandboxServer.start(configuration: configuration)
        if !quiet { printError("sandbox: \(sandbox.url) (in this process; it stops when the run ends)") }
        return sandbox
    } catch {
        printError("error: cannot start the sandbox: \(error)")
        throw ExitCode(2)
    }
}

/// Runs a bulk job with Ctrl-C handling and its progress line, then stops the sandbox, prints
/// the summary and exits with the job's code. `body` makes the job's client, scoped.
func runBulkJob(
    _ run: RunOptions, sandbox: RunningSandbox?,
    _ body: (RunControl) async throws -> RunSummary
) async throws {
    try finish(await runWithInterrupts(sandbox: sandbox, body), quiet: run.quiet, summaryJSON: run.summaryJson)
}

/// Runs a job, its progress shown on standard error (`--quiet`: not) until it ends.
func showingProgress<Job: BulkJob>(_ run: JobRun<Job>, quiet: Bool) async throws -> RunSummary {
    try await showingProgress(of: run.handle, quiet: quiet) { try await run.run() }
}

/// Runs `body`, the progress of `handle` shown on standard error (`--quiet`: not) until it ends.
func showingProgress<Summary>(of handle: JobHandle, quiet: Bool, _ body: () async throws -> Summary) async throws -> Summary {
    let progress = handle.progress
    let shown = Task { await ProgressReporter(style: quiet ? .quiet : .automatic).show(progress) }
    let result: Result<Summary, any Error>
    do {
        result = .success(try await body())
    } catch {
        result = .failure(error)
    }
    // The live line is cleared before the summary is printed.
    await shown.value
    return try result.get()
}

/// Runs `job` with Ctrl-C handling (the first drains, a second quits), then stops the sandbox.
func runWithInterrupts<Summary>(sandbox: RunningSandbox?, _ job: (RunControl) async throws -> Summary) async -> Result<Summary, any Error> {
    let control = RunControl()
    let interrupts = Interrupts(control: control)
    let result: Result<Summary, any Error>
    do {
        result = .success(try await job(control))
    } catch {
        result = .failure(error)
    }
    interrupts.cancel()
    await sandbox?.stop()
    return result
}

/// Prints a bulk run's summary (or its error), writes the JSON summary, and exits with the code.
func finish(_ result: Result<RunSummary, any Error>, quiet: Bool, summaryJSON: String?) throws {
    let summary: RunSummary
    switch result {
    case .success(let value): summary = value
    case .failure(let error):
        printError("error: \(error)")
        throw ExitCode(error is OutputError ? 3 : 2)
    }
    for warning in summary.warnings { printError("warning: \(warning)") }
    if !quiet || summary.stopped != nil { print(summary.text) }
    if let summaryJSON {
        do {
            try summary.write(toJSON: summaryJSON)
        } catch {
            // The rows are done, but an output asked for is missing: not a success.
            printError("error: \(error)")
            throw ExitCode(3)
        }
    }
    throw ExitCode(summary.exitCode)
}

/// The API settings `make` builds; on a usage error (exit 2) it says it and stops the sandbox.
func configured<Configuration>(_ sandbox: RunningSandbox?, _ make: () throws -> Configuration) async throws -> Configuration {
    do {
        return try make()
    } catch {
        printError("error: \(error)")
        await sandbox?.stop()
        throw ExitCode(2)
    }
}

/// Leat: the in-process sandbox's, else `LEAT_API_URL` / `LEAT_API_TOKEN` (or the token file).
func leatConfiguration(_ sandbox: RunningSandbox?, tokenFile: String?) throws -> LeatConfiguration {
    guard let sandbox else { return try LeatConfiguration.fromEnvironment(tokenFile: tokenFile) }
    return try LeatConfiguration(baseURL: sandbox.leatBaseURL, token: SandboxConfiguration().leatTokens[0])
}

/// Capillary: the in-process sandbox's user, else `CAPILLARY_*` (or the password file).
func capillaryConfiguration(_ sandbox: RunningSandbox?, passwordFile: String?) throws -> CapillaryConfiguration {
    guard let sandbox else { return try CapillaryConfiguration.fromEnvironment(passwordFile: passwordFile) }
    let (user, password) = SandboxConfiguration().capillaryUsers.first!
    return try CapillaryConfiguration(
        baseURL: sandbox.capillaryBaseURL, credential: CapillaryConfiguration.basic(username: user, password: password))
}
