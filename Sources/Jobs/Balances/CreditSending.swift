import LeatAPI

/// One row's credit reception, exactly once, as a value: events in, actions out
/// (``BalanceSender`` does the I/O). A credit reception is money-like and Leat has no idempotency
/// key: after any attempt whose outcome is unknown (no answer, a timeout, a 5xx, `60001` still
/// being made), and for a row an earlier run journaled but did not settle, the member's
/// receptions are looked up before anything is sent again; only when the look-up shows nothing
/// is the reception sent again.
struct CreditSending {
    enum Event {
        case start
        case answered(CreditReception)
        /// A transient failure with attempts left: wait, then (after a look-up when it may have been applied) again.
        case retry(after: Duration, LeatError)
        /// Failed for good (a row failure, or the attempts are spent).
        case failed(LeatError)
        /// The look-up's finding: the reception made earlier, or nothing.
        case lookedUp(CreditReception?)
        case lookUpFailed(LeatError)
        case waited
        /// The run is stopping: nothing more is sent.
        case stopped
    }

    enum Action: Equatable {
        /// List the member's receptions since the first attempt and find this row's.
        case lookUp
        /// Send attempt `number`.
        case send(number: Int)
        case wait(Duration)
        case finish(Outcome)
    }

    enum Outcome: Equatable {
        /// Made: by this run's answer, or found by the look-up (`found`: not sent again).
        case received(CreditReception, found: Bool)
        case failed(LeatError)
        /// Not known, and the run stops: no report line, so that `--resume` looks it up.
        case unsettled
    }

    /// Attempts sent so far.
    private(set) var attempts = 0
    /// Whether a reception may have been made that no answer confirmed.
    private var mayBeApplied: Bool
    /// The failure that ended the attempts while one may have been made: final once a look-up shows nothing.
    private var lastFailure: LeatError?

    /// `unsure`: an earlier run journaled the row without settling it.
    init(unsure: Bool) {
        mayBeApplied = unsure
    }

    mutating func next(_ event: Event) -> Action {
        switch event {
        case .start:
            return mayBeApplied ? .lookUp : send()
        case .answered(let reception):
            return .finish(.received(reception, found: false))
        case .retry(let delay, let failure):
            if failure.outcomeUnknown { mayBeApplied = true }
            return .wait(delay)
        case .waited:
            return mayBeApplied ? .lookUp : send()
        case .failed(let failure):
            guard failure.outcomeUnknown || mayBeApplied else { return .finish(.failed(failure)) }
            // One more look before saying it failed: an attempt may have been made.
            lastFailure = failure
            return .lookUp
        case .lookedUp(let found?):
            return .finish(.received(found, found: true))
        case .lookedUp(nil):
            mayBeApplied = false
            if let lastFailure { return .finish(.failed(lastFailure)) }
            return send()
        case .lookUpFailed, .stopped:
            return .finish(.unsettled)
        }
    }

    private mutating func send() -> Action {
        attempts += 1
        return .send(number: attempts)
    }
}
