import Foundation
import Testing

@testable import Commands

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
            let names = (argument["names"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "long" }.compactMap {
                $0["name"] as? String
            }
            for name in names where !["help", "version"].contains(name) {
                flags[name] = argument["allValues"] as? [String]
            }
        }
        // `--no-excel-safe` is `excel-safe: false` in a job file.
        return flags.filter { name, _ in !(name.hasPrefix("no-") && flags.keys.contains(String(name.dropFirst(3)))) }
    }

    @Test(arguments: [
        (["check"], [JobKind.check]), (["import", "contacts"], [.importContacts]), (["invite", "referrals"], [.inviteReferrals]),
        (["export", "contacts"], [.exportContacts]), (["export", "referrals"], [.exportReferrals]), (["export", "tiers"], [.exportTiers]),
    ])
    func everyFlagIsAJobFileKeyAndEveryKeyAFlag(command: [String], kinds: [JobKind]) throws {
        let flags = try Self.flags(of: command)
        #expect(!flags.isEmpty)
        var keys: [String: JobKeys.Kind] = [:]
        for kind in kinds { keys.merge(JobKeys.allowed(for: kind)) { first, _ in first } }
        keys["input"] = nil  // the FILE argument, not a flag
        #expect(
            Set(flags.keys) == Set(keys.keys),
            "flags not keys: \(Set(flags.keys).subtracting(keys.keys).sorted()); keys not flags: \(Set(keys.keys).subtracting(flags.keys).sorted())"
        )
        for (name, choices) in flags {
            guard let choices else { continue }
            guard case .choice(let allowed) = keys[name] else {
                Issue.record("--\(name) takes \(choices), but its job key is \(String(describing: keys[name]))")
                continue
            }
            #expect(Set(allowed.map { $0.lowercased() }) == Set(choices.map { $0.lowercased() }), "--\(name)")
        }
    }

    /// The kinds come from the flags' declarations: a whole default is an integer, a flag that
    /// completes files a path, a `CaseIterable` value a choice, a repeatable flag the map.
    @Test func eachKeyHasTheKindOfItsFlag() {
        let imports = JobKeys.allowed(for: .importContacts)
        #expect(imports["input"] == .input)
        #expect(imports["concurrency"] == .integer && imports["async-wait"] == .number && imports["rate"] == .rate)
        #expect(imports["report"] == .path && imports["token-file"] == .path && imports["sheet"] == .text)
        #expect(imports["map"] == .columnMap && imports["dry-run"] == .flag(inversion: nil))
        #expect(imports["changed-only"] == .choice(["off", "on", "auto"]))
        let export = JobKeys.allowed(for: .exportContacts)
        #expect(export["columns"] == .list && export["output"] == .path && export["state"] == .path && export["overlap"] == .integer)
        #expect(export["excel-safe"] == .flag(inversion: "no-excel-safe") && export["no-excel-safe"] == nil && export["input"] == nil)
        #expect(JobKeys.allowed(for: .exportReferrals)["status"] == .choice(["pending", "in_progress", "completed", "failed"]))
        #expect(JobKeys.allowed(for: .inviteReferrals)["type"] == .choice(["MOBILE", "EMAIL"]))
        // Export shares the network flags of import, bounds and all.
        for key in ["concurrency", "rate", "adaptive", "max-attempts", "request-timeout", "max-retry-after", "down-after"] {
            #expect(export[key] != nil && export[key] == imports[key], "\(key)")
        }
    }
}
