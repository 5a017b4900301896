import BatchKit
import Testing

/// A stop cuts a wait short at once: the wait is cancelled, not polled.
@Suite(.timeLimit(.minutes(5))) struct RunControlTests {
    @Test func aStopCancelsAWaitUnderWay() async {
        let control = RunControl()
        // An hour's sleep on the machine's clock: only the stop can end it within the time limit.
        let waiting = Task { await control.untilStopped { try await SystemClock().sleep(until: .now + .seconds(3600)) } }
        await Task.yield()
        control.drain(reason: "interrupted (Ctrl-C)")
        #expect(await waiting.value == false)
    }

    @Test func aWaitAfterTheStopDoesNotBeginAndOneThatEndsSaysTheRunGoesOn() async {
        let ended = RunControl()
        #expect(await ended.untilStopped {})
        ended.abort(reason: "401")
        #expect(await ended.untilStopped { try await SystemClock().sleep(until: .now + .seconds(3600)) } == false)
    }
}
