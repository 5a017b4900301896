import BatchKit
import TextFormats

/// `import balances` with its shop, reference attribute and sent journal settled: validates each
/// row's points and sends the valid ones through its ``BalanceSender``.
package struct PreparedBalances: PreparedJob {
    let options: BalanceOptions
    var validator: BalanceValidator
    /// The job's id in every reception's reference (`job:line:email`).
    let jobID: String
    /// Rows an earlier run sent without recording their outcome, and this run's journal.
    let unsure: LineSet
    let journal: SentJournal?
    let notes: [String]
    /// Requests sent before the rows: the shop, the reference attribute, the listing.
    let checkRequests: Int
    package let sender: BalanceSender

    package mutating func admit(_ row: SourceRow, newColumns: [String]?) throws -> RowVerdict<BalanceItem> {
        if let newColumns { try validator.update(columns: newColumns, renames: options.renames) }
        let (failed, skipped) = (RowAction.failed(dryRun: options.run.dryRun), RowAction.skipped(dryRun: options.run.dryRun))
        switch validator.validate(row) {
        case .failure(let problem):
            return .settled(
                RowOutcome(line: row.line, key: validator.key(of: row), action: failed, problem: problem))
        case .success(nil):
            return .settled(
                RowOutcome(
                    line: row.line, key: validator.key(of: row), action: skipped,
                    note: "the points cell is empty: nothing set", notePhrasing: .note(.pointsEmpty)))
        case .success(let balance?):
            return .send(BalanceItem(row: balance, reference: "\(jobID):\(row.line):\(balance.email)", unsure: unsure.contains(row.line)))
        }
    }

    /// One row of a member at a time, in input order.
    package func key(_ batch: WorkBatch<BalanceItem>) -> String {
        batch.entries[0].item.row.email
    }

    package func willSend(_ batch: WorkBatch<BalanceItem>) throws {
        try journal?.record(batch.entries.map(\.source.line))
    }

    package func complete(_ summary: inout RunSummary) {
        var books = sender.reconciliation.withLock { $0 }
        (books.setsBalances, books.dryRun) = (validator.setsBalances, options.run.dryRun)
        summary.notes = notes + [ImportBalancesJob.reconciled(books)]
        summary.books = books
        summary.requests = checkRequests + sender.requests
    }

    package func finished(_ summary: RunSummary) {
        if summary.stopped == nil { journal?.remove() }
    }
}
