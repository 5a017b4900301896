import BatchKit

extension Words {
    /// The notes a results or preview page shows of a run: a points import's reconciliation in
    /// words (the summary's last note when it kept no figures, written before it did); none for
    /// another kind of job.
    static func reconciliation(of summary: RunSummary, kind: JobRecord.Kind) -> [String] {
        guard kind == .balances else { return [] }
        return [summary.books.map(books) ?? summary.notes.last].compactMap { $0 }
    }

    /// A points import's reconciliation (``PointsBooks``) in the request's language: what it
    /// would move (a preview), or the file's points against what Leat holds or received.
    static func books(_ books: PointsBooks) -> String {
        let number = { (value: Int) in Words.number(value) }
        if books.dryRun {
            return say(
                "books.dryRun",
                [
                    "members": number(books.members), "credited": number(books.credited), "debited": number(books.debited),
                    "total": number(books.credited - books.debited),
                ])
        }
        guard books.setsBalances else {
            return say(
                "books.add",
                ["members": number(books.members), "file": number(books.filePoints), "received": number(books.credited - books.debited)])
        }
        var parts = [
            say("books.set", ["members": number(books.members), "file": number(books.filePoints), "leat": number(books.leatPoints)])
        ]
        if books.unknown > 0 { parts.append(say("books.unknown", ["unknown": number(books.unknown)])) }
        if !books.differing.isEmpty { parts.append(say("books.differing", ["emails": books.differing.joined(separator: ", ")])) }
        return parts.joined(separator: "; ")
    }
}
