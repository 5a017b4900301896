import BatchKit
import Foundation
import Jobs
import TextFormats

// The command line's words for a run's, a check's and an export's summary; the desk has its own.

extension RunSummary {
    /// The summary for people: a run's, a check's or an export's.
    package var text: String {
        if let export { return exportText(export) }
        return command == "check" ? checkText : runText
    }

    private var runText: String {
        let verb = dryRun ? "checked against the API (dry run)" : "done"
        var lines = ["\(command): \(ok + failed) rows \(verb) in \(String(format: "%.2f", seconds)) s (\(Int(rowsPerSecond)) rows/s)"]
        // Successful actions first, then the failures with their codes under them.
        func rank(_ action: String) -> String { (RowAction(rawValue: action)?.isFailure == true ? "1" : "0") + action }
        for (action, count) in actions.sorted(by: { rank($0.key) < rank($1.key) }) {
            lines.append("  \(action): \(count)")
        }
        for (code, count) in errors.sorted(by: { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }) {
            lines.append("    error \(code): \(count)")
        }
        if alreadyDone > 0 { lines.append("  already done by the earlier run: \(alreadyDone) (\(alreadyFailed) failed)") }
        if let requests, ok + failed > 0 {
            lines.append("  requests sent: \(requests) (\(String(format: "%.3f", Double(requests) / Double(ok + failed))) per row)")
        }
        if retries > 0 { lines.append("  retried requests: \(retries)") }
        lines += notes
        lines.append("report: \(report)")
        if let failedRows { lines.append("failed rows: \(failedRows) (fix them and run it again as input)") }
        if let stopped {
            lines.append("stopped: \(stopped)")
            lines.append("the rows not in the report were not done; run the same command with \(Setting.resume.mention()) to go on")
        }
        return lines.joined(separator: "\n")
    }

    /// A check's summary: its rows valid, skipped and invalid (a check's failed rows), by code.
    private var checkText: String {
        let rate = seconds > 0 ? Int(Double(rows) / seconds) : rows
        var lines = ["checked \(rows) rows in \(String(format: "%.2f", seconds)) s (\(rate) rows/s)"]
        lines.append("  valid:    \(count(.valid))")
        if count(.skipped) > 0 { lines.append("  skipped:  \(count(.skipped)) (later duplicates, --on-duplicate first)") }
        lines.append("  invalid:  \(failed)")
        for (code, count) in errors.sorted(by: { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }) {
            lines.append("    \(code): \(count)")
        }
        if blankLinesSkipped > 0 { lines.append("  blank lines skipped: \(blankLinesSkipped)") }
        if let stopped { lines.append("stopped: \(stopped)") }
        lines.append("report: \(report)")
        if let failedRows { lines.append("rows to fix: \(failedRows)") }
        return lines.joined(separator: "\n")
    }

    /// An export's summary: its rows and pages, and where they went.
    private func exportText(_ export: ExportFigures) -> String {
        let rate = seconds > 0 ? Int(Double(rows) / seconds) : 0
        let pages = export.pages
        var lines = [
            "export \(input): \(rows) rows from \(pages) page\(pages == 1 ? "" : "s") in \(String(format: "%.2f", seconds)) s (\(rate) rows/s)"
        ]
        if export.duplicates > 0 { lines.append("  left out as already exported (same uuid): \(export.duplicates)") }
        if let stopped {
            lines.append("stopped: \(stopped)")
            lines.append(
                export.output == "-"
                    ? "the output is incomplete"
                    : "nothing was written to \(export.output) (an earlier file there is untouched); run it again")
        } else {
            lines.append("output: \(export.output)")
            for (type, total) in export.byType.sorted(by: { $0.key < $1.key }) {
                lines.append("  \(type): \(total.count) rows, \(total.credits) credits")
            }
            if let manifest = export.manifest { lines.append("manifest: \(manifest)") }
            if let totals = export.totals { lines.append("totals: \(totals)") }
        }
        return lines.joined(separator: "\n")
    }
}
