import BatchKit
import Foundation

/// Ctrl-C (SIGINT) and SIGTERM: the first drains the run (no new rows; the rows in flight finish
/// and are recorded), the second exits at once. Both leave a report that `--resume` goes on from.
final class Interrupts {
    private let sources: [any DispatchSourceSignal]

    init(control: RunControl) {
        let queue = DispatchQueue(label: "loyalty-batch.signals")
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                // Two presses close together may arrive as one event counting both.
                if source.data == 1, control.drain(reason: number == SIGINT ? "interrupted (Ctrl-C)" : "terminated (SIGTERM)") {
                    printError("\nstopping: finishing the rows in flight; press Ctrl-C again to quit at once")
                } else {
                    printError("\nquitting at once; run the same command with --resume to go on")
                    _exit(130)
                }
            }
            source.resume()
            return source
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
    }
}
