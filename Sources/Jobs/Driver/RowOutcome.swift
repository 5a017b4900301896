import BatchKit
import TextFormats

/// What became of one row: what was done with it (``action``) and, when it failed, would fail or
/// is invalid, why (``problem``). Jobs make outcomes; the report line (``reportLine``, a file
/// format) is made from one with the problem in English, and a front end words the problem its own
/// way from the same value.
public struct RowOutcome: Sendable, Equatable {
    public var line: Int
    /// The row's key (the normalised email for contacts).
    public var key: String
    public var action: RowAction
    /// Why the row did not go; nil when it did (or would).
    public var problem: Problem?
    /// A remark on a row that went: `balance 5 already`, `changes city: 'A' → 'B'`.
    public var note: String
    /// The note as a phrase, for a front end in another language; nil where only the report says it.
    public var notePhrasing: Phrasing?
    public var uuid: String
    public var attempts: Int
    /// The requests this row sent, retries included; nil where rows share requests (invites go in batches).
    public var requests: Int?
    public var durationMilliseconds: Int

    package init(
        line: Int, key: String, action: RowAction, problem: Problem? = nil, note: String = "", notePhrasing: Phrasing? = nil,
        uuid: String = "", requests: Int? = nil
    ) {
        (self.line, self.key, self.action, self.problem, self.note, self.uuid) = (line, key, action, problem, note, uuid)
        self.notePhrasing = notePhrasing
        (self.attempts, self.requests, self.durationMilliseconds) = (0, requests, 0)
    }

    /// Sets the note: its English, for the report, and its phrase.
    package mutating func note(_ english: String, _ phrasing: Phrasing) {
        (note, notePhrasing) = (english, phrasing)
    }

    /// The row went (or would): no problem.
    public var ok: Bool { problem == nil }

    /// Nothing to say but the row's key and action: no problem, note, request or time.
    var isQuiet: Bool {
        problem == nil && note.isEmpty && notePhrasing == nil && uuid.isEmpty && attempts == 0 && requests == nil
            && durationMilliseconds == 0
    }

    /// The report's line: the problem's stable code and its English words, or the note.
    public var reportLine: ReportLine {
        ReportLine(
            line: line, key: key, action: action, ok: ok, errorCode: problem?.code ?? "", errorMessage: problem?.words ?? note,
            uuid: uuid, attempts: attempts, requests: requests, durationMilliseconds: durationMilliseconds)
    }
}
