import Foundation
import FuzzSupport
import Synchronization
import Testing

@testable import BatchKit

@Suite(.timeLimit(.minutes(5))) struct RowEngineTests {
    /// Keys in flight and the peak, as the engine's tasks see them.
    final class Watch: Sendable {
        struct State {
            var busyKeys: Set<String> = []
            var inFlight = 0
            var peak = 0
            var overlaps = 0
        }
        let state = Mutex(State())
    }

    @Test func sameKeyRowsNeverOverlapAndFinishInInputOrderWithinTheWindow() async throws {
        let watch = Watch()
        let items = (0..<2_000).map { (index: $0, key: "k\(($0 * 7919) % 37)") }
        var iterator = items.makeIterator()
        var read = 0
        var finished: [String: [Int]] = [:]
        var mostAhead = 0
        try await RowEngine(concurrency: 8, parkedLimit: 16).run(
            control: RunControl(),
            next: {
                read += 1
                return iterator.next()
            },
            key: { $0.key },
            perform: { item in
                watch.state.withLock {
                    if !$0.busyKeys.insert(item.key).inserted { $0.overlaps += 1 }
                    $0.inFlight += 1
                    $0.peak = max($0.peak, $0.inFlight)
                }
                try? await Task.sleep(for: .microseconds(Int.random(in: 0...300)))
                watch.state.withLock {
                    $0.busyKeys.remove(item.key)
                    $0.inFlight -= 1
                }
                return item.index
            },
            finish: { item, index in
                finished[item.key, default: []].append(index)
                mostAhead = max(mostAhead, read - finished.values.reduce(0) { $0 + $1.count })
            })
        let state = watch.state.withLock { $0 }
        #expect(state.overlaps == 0)
        #expect(state.peak <= 8 && state.peak > 1)
        #expect(finished.values.reduce(0) { $0 + $1.count } == items.count)
        #expect(finished.values.allSatisfy { $0 == $0.sorted() })
        // Back-pressure: the reader is never more than the window and the parked rows ahead.
        #expect(mostAhead <= 8 + 16 + 1)
    }

    @Test func rowsWaitingToRetryLeaveTheirPlacesUpToTwiceTheWindow() async throws {
        let watch = Watch()
        let waits = RetryWaits()
        let gate = Gate()
        var next = 0
        try await RowEngine(concurrency: 4).run(
            control: RunControl(),
            retryWaits: waits,
            next: {
                next += 1
                return next <= 100 ? next : nil
            },
            key: { String($0) },
            perform: { item in
                let peak = watch.state.withLock {
                    $0.inFlight += 1
                    $0.peak = max($0.peak, $0.inFlight)
                    return $0.peak
                }
                // Every other row waits to retry, as on a flaky API, until the engine has started
                // rows in the places of waiting ones (more than 4 in flight); the others finish at
                // once. An engine that kept its places would wait here until the time limit.
                if peak > 4 { await gate.open() }
                if item % 2 == 1 { await waits.counting { await gate.passed() } }
                await Task.yield()
                watch.state.withLock { $0.inFlight -= 1 }
                return item
            },
            finish: { _, _ in })
        let peak = watch.state.withLock { $0.peak }
        #expect(peak > 4 && peak <= 8)
        #expect(waits.current == 0)
    }

    @Test func drainingTakesNoNewRowsButFinishesThoseInFlight() async throws {
        let control = RunControl()
        var started = 0
        var finished = 0
        try await RowEngine(concurrency: 4).run(
            control: control,
            next: {
                started += 1
                if started == 10 { control.drain(reason: "test") }
                return started
            },
            key: { String($0) },
            perform: { $0 },
            finish: { _, _ in finished += 1 })
        #expect(started == 10)
        #expect(finished == 10)
        #expect(control.reason == "test" && control.maySend && !control.isRunning)
    }

    @Test func aFailingRecordAbortsAndIsRethrown() async throws {
        struct DiskFull: Error {}
        let control = RunControl()
        var count = 0
        await #expect(throws: DiskFull.self) {
            try await RowEngine(concurrency: 2).run(
                control: control,
                next: {
                    count += 1
                    return count
                },
                key: { String($0) },
                perform: { $0 },
                finish: { _, value in if value == 5 { throw DiskFull() } })
        }
        #expect(control.state == .aborting)
        #expect(count < 10)
    }
}

@Suite(.timeLimit(.minutes(5))) struct ResumeLedgerTests {
    @Test func readsFinishedLinesAndCutsARecordAKillLeftHalfWritten() throws {
        let folder = TestSupport.temporaryFolder()
        let path = folder.appendingPathComponent("r.csv").path
        let report = try ReportWriter(path: path)
        try report.write(ReportLine(line: 2, key: "a@example.com", action: .updated, ok: true, uuid: "u1", attempts: 1))
        try report.write(
            ReportLine(line: 4, key: "b@example", action: .failed, ok: false, errorCode: "invalid-email", errorMessage: "=no dot"))
        try report.write(ReportLine(line: 130, key: "c@example.com", action: .wouldCreate, ok: true))
        try report.flush()
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data("7,d@example.com,upd".utf8))
        try handle.close()

        let ledger = try ResumeLedger.load(reportPath: path)
        #expect(ledger.reportExists && ledger.count == 2)
        #expect(ledger.isFinished(2) && ledger.isFinished(4) && !ledger.isFinished(3) && !ledger.isFinished(7) && !ledger.isFinished(130))
        #expect(ledger.failures == [4: RowProblem(code: "invalid-email", message: "=no dot")])
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasSuffix("would-create,ok,,,,0,,0\r\n"))

        #expect(try !ResumeLedger.load(reportPath: folder.appendingPathComponent("none.csv").path).reportExists)
        let other = TestSupport.temporaryFile(Array("a,b\n1,2\n".utf8))
        #expect(throws: InputError.self) { try ResumeLedger.load(reportPath: other) }
    }

    @Test func reopeningTakesOutOnlyTheFailedRowsAskedForAndKeepsEveryOtherByte() throws {
        let path = TestSupport.temporaryFolder().appendingPathComponent("r.csv").path
        let report = try ReportWriter(path: path)
        try report.write(ReportLine(line: 2, key: "a@example.com", action: .created, ok: true, uuid: "u1", attempts: 1))
        try report.write(
            ReportLine(line: 3, key: "b@example", action: .failed, ok: false, errorCode: "invalid-email", errorMessage: "no dot, \"here\""))
        try report.write(
            ReportLine(line: 4, key: "c@example", action: .failed, ok: false, errorCode: "invalid-email", errorMessage: "no dot"))
        try report.flush()
        let before = try String(contentsOfFile: path, encoding: .utf8)

        #expect(try ResumeLedger.reopen(failed: [2, 3, 9], reportPath: path) == [3], "a row done, or not in the report, stays")
        let ledger = try ResumeLedger.load(reportPath: path)
        #expect(ledger.isFinished(2) && !ledger.isFinished(3) && ledger.isFinished(4))
        let lines = before.components(separatedBy: "\r\n")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == [lines[0], lines[1], lines[3], ""].joined(separator: "\r\n"))
        #expect(try ResumeLedger.reopen(failed: [3], reportPath: path).isEmpty, "nothing twice")
    }
}

/// Holds those who pass it until it opens.
actor Gate {
    private var isOpen = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func passed() async {
        guard !isOpen else { return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func open() {
        isOpen = true
        for waiter in waiting { waiter.resume() }
        waiting = []
    }
}
