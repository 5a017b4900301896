import Commands
import Foundation
import FuzzSupport
import Jobs
import Testing

/// Mutated job files (the templates and examples, seeded mutations): each parses into arguments
/// or is refused with a ``JobFileError`` naming the file; nothing crashes. `FUZZ_INPUTS` × 2/10
/// of them (2,000 in CI).
@Suite(.timeLimit(.minutes(5))) struct JobFileFuzzTests {
    @Test func mutatedJobFilesParseOrAreRefused() throws {
        var seeds: [[UInt8]] = []
        for folder in ["templates", "examples"] {
            let path = JobFileTests.root + "/" + folder
            for name in try FileManager.default.contentsOfDirectory(atPath: path).sorted() where name.hasSuffix(".yml") {
                seeds.append(Array(try Data(contentsOf: URL(fileURLWithPath: path + "/" + name))))
            }
        }
        #expect(seeds.count >= 6)
        let count = (Int(ProcessInfo.processInfo.environment["FUZZ_INPUTS"] ?? "") ?? 10_000) * 2 / 10
        var mutator = Mutator(seed: 3)
        var parsed = 0
        for number in 0..<count {
            let bytes = mutator.mutate(mutator.pick(seeds))
            do {
                let job = try JobFile.parse(String(decoding: bytes, as: UTF8.self), path: "fuzz.yml")
                #expect(!job.arguments.isEmpty, "input \(number)")
                parsed += 1
            } catch {
                #expect(error.description.hasPrefix("fuzz.yml"), "input \(number): \(error)")
            }
        }
        #expect(parsed > 0)
    }
}
