import BatchKit
import Foundation
import FuzzSupport
import Jobs
import Testing

/// Mutated CSV and NDJSON files (``Mutator``, seeded) through `check`: no crash, and either the
/// file is refused with an error or every data row the reader gives gets exactly one report line,
/// in order. `FUZZ_INPUTS` sets how many (CI: 8,000 here and 2,000 job files in JobsTests; `make
/// fuzz`: more).
@Suite(.timeLimit(.minutes(5))) struct FuzzTests {
    static let inputs = Int(ProcessInfo.processInfo.environment["FUZZ_INPUTS"] ?? "") ?? 10_000

    /// The fixtures and csv-spectrum cases, and a few of each shape a reader must survive; a CSV
    /// whose header names no email column gets one in front (its rows then have a field too few),
    /// so that it is not refused whole.
    static func seeds(extension wanted: String) throws -> [[UInt8]] {
        var seeds: [[UInt8]] = []
        let fixtures = URL(fileURLWithPath: TestSupport.fixture("csv-spectrum")).deletingLastPathComponent()
        for folder in [fixtures, fixtures.appendingPathComponent("csv-spectrum/csvs")] {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            where wanted.split(separator: "|").contains(where: { name.hasSuffix(String($0)) }) {
                var bytes = Array(try Data(contentsOf: folder.appendingPathComponent(name)))
                let header = String(decoding: bytes.prefix { $0 != 0x0A }, as: UTF8.self).lowercased()
                if !name.hasSuffix(".ndjson") && !header.contains("email") && !header.contains("e-mail") {
                    bytes = Array("email,".utf8) + bytes
                }
                seeds.append(bytes)
            }
        }
        return seeds
    }

    @Test func mutatedCSVFilesAreReadOrRefusedNeverLost() async throws {
        let seeds =
            try Self.seeds(extension: ".csv|.tsv") + [
                Array("email,note\na@example.com,\"5\" screen\nb@example.com,\"x\"\"y\"\n".utf8),
                Array("\u{FEFF}E-mailadres;Naam\r\na@example.com;\"Jan\r\nde Vries\"\r\n".utf8),
            ]
        try await run(seeds: seeds, name: "input.csv", count: Self.inputs * 5 / 10, seed: 1)
    }

    @Test func mutatedNDJSONFilesAreReadOrRefusedNeverLost() async throws {
        let seeds =
            try Self.seeds(extension: ".ndjson") + [
                Array(#"{"email":"a@example.com","n":1.5,"b":true,"x":null,"o":{"k":[1,2]}}"#.utf8) + [0x0A]
            ]
        try await run(seeds: seeds, name: "input.ndjson", count: Self.inputs * 3 / 10, seed: 2)
    }

    private func run(seeds: [[UInt8]], name: String, count: Int, seed: UInt64) async throws {
        #expect(!seeds.isEmpty)
        var mutator = Mutator(seed: seed)
        let folder = TestSupport.temporaryFolder()
        let input = folder.appendingPathComponent(name).path
        var withRows = 0
        for number in 0..<count {
            let bytes = mutator.mutate(mutator.pick(seeds))
            try Data(bytes).write(to: URL(fileURLWithPath: input))
            var options = CheckOptions()
            options.reportPath = folder.appendingPathComponent("report.csv").path
            options.read.chunkSize = mutator.pick([1, 3, 64, 1 << 16])
            options.read.maxFieldBytes = mutator.pick([8, 100, 1 << 20])
            options.read.encoding = mutator.pick([.auto, .auto, .windows1252, .utf8])
            guard let rows = try await Self.checkAgrees(input, options: options, "input \(number) (seed \(seed)): \(bytes.prefix(200))")
            else {
                continue
            }
            guard rows >= 0 else { return }
            if rows > 0 { withRows += 1 }
        }
        // Many inputs must reach the rows, or the test tests little.
        #expect(withRows > count / 3)
    }

    /// Checks `input`, and reads it with its reader alone: no crash, and either both refuse it (with
    /// an ``InputError``; a ``MappingError`` refuses it before any row) or the report holds exactly
    /// the reader's rows, in order. The report's rows; nil when refused; -1 (an issue recorded)
    /// when they differ.
    static func checkAgrees(_ input: String, options: CheckOptions, _ label: String) async throws -> Int? {
        let reference = try? TestSupport.readAll(input, options: options.read).rows
        let summary: RunSummary
        do {
            summary = try await CheckJob.run(input: input, options: options)
        } catch is MappingError {
            return nil
        } catch {
            #expect(reference == nil, "\(label): check refused a file the reader reads: \(error)")
            #expect(error is InputError, "\(label): \(error)")
            return nil
        }
        let report = try TestSupport.reportRecords(options.reportPath!).map { Int($0[0]) ?? -1 }
        #expect(report == reference?.map(\.line), "\(label)")
        #expect(summary.rows == report.count)
        return report == reference?.map(\.line) ? report.count : -1
    }
}
