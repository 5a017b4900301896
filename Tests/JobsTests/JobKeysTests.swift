import Foundation
@testable import Jobs
import Testing

/// A job file's keys are the commands' long flags: every flag of every command is a key of its
/// job, every key a flag, and a flag's choices are the key's. Read from the built binary's own
/// description of its arguments (`--experimental-dump-help`), so a flag added to a command and
/// not to its job (or the other way round) fails here.
struct JobKeysTests {
    /// The long flags of `command` with their choices (nil when free), from the binary.
    private static func flags(of command: [String]) throws -> [String: [String]?] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CrashResumeTests.binary)
        process.arguments = command + ["--experimental-dump-help"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let tool = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let arguments = (tool?["command"] as? [String: Any])?["arguments"] as? [[String: Any]] ?? []
        var flags: [String: [String]?] = [:]
        for argument in arguments {
            let names = (argument["names"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "long" }.compactMap { $0["name"] as? String }
            for name in names where !["help", "version"].contains(name) {
                flags[name] = argument["allValues"] as? [String]
            }
        }
        // `--no-excel-safe` is `excel-safe: false` in a job file.
        return flags.filter { name, _ in !(name.hasPrefix("no-") && flags.keys.contains(String(name.dropFirst(3)))) }
    }

    @Test(arguments: [
        (["check"], [JobKind.check]), (["import", "contacts"], [.importContacts]), (["invite", "referrals"], [.inviteReferrals]),
        (["export"], [.exportContacts, .exportReferrals, .exportTiers]),
    ])
    func everyFlagIsAJobFileKeyAndEveryKeyAFlag(command: [String], kinds: [JobKind]) throws {
        let flags = try Self.flags(of: command)
        #expect(!flags.isEmpty)
        var keys: [String: JobKeys.Kind] = [:]
        for kind in kinds { keys.merge(JobKeys.allowed(for: kind)) { first, _ in first } }
        keys["input"] = nil  // the FILE argument, not a flag
        #expect(Set(flags.keys) == Set(keys.keys), "flags not keys: \(Set(flags.keys).subtracting(keys.keys).sorted()); keys not flags: \(Set(keys.keys).subtracting(flags.keys).sorted())")
        for (name, choices) in flags {
            guard let choices else { continue }
            guard case .choice(let allowed) = keys[name] else {
                Issue.record("--\(name) takes \(choices), but its job key is \(String(describing: keys[name]))")
                continue
            }
            #expect(Set(allowed.map { $0.lowercased() }) == Set(choices.map { $0.lowercased() }), "--\(name)")
        }
    }
}
