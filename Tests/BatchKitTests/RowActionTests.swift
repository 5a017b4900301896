import BatchKit
import Testing

/// The report's `action` column is a file format: its words stay as they were when the actions
/// became a type, and a dry run's (`would-…`) are told apart by their case, not their spelling.
@Suite(.timeLimit(.minutes(5))) struct RowActionTests {
    @Test func theReportsWordsAreTheOnesScriptsKnow() {
        #expect(
            RowAction.allCases.map(\.rawValue) == [
                "valid", "invalid", "skipped", "found", "created", "updated", "unchanged", "failed", "invited", "credited", "debited",
                "would-skip", "would-find", "would-create", "would-update", "would-fail", "would-invite", "would-credit", "would-debit",
            ])
        #expect(RowAction.allCases.filter(\.isPreview).allSatisfy { $0.rawValue.hasPrefix("would-") })
        #expect(RowAction.allCases.filter { !$0.isPreview }.allSatisfy { !$0.rawValue.hasPrefix("would-") })
        #expect(RowAction.allCases.filter(\.isFailure) == [.failed, .wouldFail])
        #expect(RowAction.failed(dryRun: true) == .wouldFail && RowAction.skipped(dryRun: false) == .skipped)
    }
}
