import BatchKit
import HTTPKit
import LeatAPI

/// A page that still failed after its retries, or could not be fetched because the run stopped.
struct PageFailure: Error {
    var page: Int
    var message: String
}

/// A Leat list fetched page by page, `concurrency` pages at a time, handed on in page order:
/// what `export` writes and what `import --changed-only` indexes.
enum OrderedPages {
    /// Fetches page N through `runner` (its rate limit and retries); a page that fails for good, or
    /// that the stopped run does not send, throws ``PageFailure``. `sent` hears the requests each
    /// page took.
    static func fetcher(
        runner: RequestRunner, control: RunControl, interrupted: String,
        sent: @escaping @Sendable (Int) -> Void = { _ in },
        _ call: @escaping @Sendable (Int) -> @Sendable () async throws(LeatError) -> APIAnswer<LeatPage>
    )
        -> @Sendable (Int) async throws -> LeatPage
    {
        { page in
            guard control.isRunning else { throw PageFailure(page: page, message: control.reason ?? interrupted) }
            var attempts = Attempts()
            let request = call(page)
            defer { sent(attempts.requests) }
            do throws(RequestStop<LeatError>) {
                return try await runner.send(&attempts) { () async throws(LeatError) in try await request().parts }
            } catch {
                switch error {
                case .failed(let failure), .fatal(let failure): throw PageFailure(page: page, message: failure.description)
                case .abandoned: throw PageFailure(page: page, message: control.reason ?? interrupted)
                }
            }
        }
    }

    /// Pages 2 and on, `concurrency` in flight, handed to `write` strictly in page order with the
    /// last page as far as known. With no `last_page` in the answers, pages are fetched ahead
    /// until one comes back empty (a short page proves nothing: a server may cap `limit`); the
    /// first empty page ends the list in any case, and the pages after it are dropped. When page
    /// 1 says the list's `total`, no page is fetched past what that needs at page 1's size, plus
    /// 2 and 5% for what is added while the list is read: a list still full there stops with
    /// ``PageFailure`` saying so, never runs on.
    static func fetchRest(
        after first: LeatPage, concurrency: Int,
        fetch: @escaping @Sendable (Int) async throws -> LeatPage,
        write: (LeatPage, Int?) throws -> Void
    ) async throws {
        var lastPage = first.items.isEmpty ? 1 : first.lastPage
        guard lastPage.map({ $0 > 1 }) ?? true else { return }
        let cap = first.total.map { total in
            let pages = (total + max(1, first.items.count) - 1) / max(1, first.items.count)
            return pages + 2 + pages / 20
        }
        try await withThrowingTaskGroup(of: (Int, LeatPage).self) { group in
            var next = 2
            var toWrite = 2
            var inFlight = 0
            var arrived: [Int: LeatPage] = [:]
            while true {
                while lastPage.map({ next <= $0 }) ?? true, cap.map({ next <= $0 }) ?? true, inFlight < concurrency,
                    next < toWrite + 2 * concurrency
                {
                    let number = next
                    group.addTask { (number, try await fetch(number)) }
                    next += 1
                    inFlight += 1
                }
                guard inFlight > 0, let (number, page) = try await group.next() else { break }
                inFlight -= 1
                if page.items.isEmpty { lastPage = min(lastPage ?? number, number - 1) }
                arrived[number] = page
                while let ready = arrived.removeValue(forKey: toWrite) {
                    if lastPage.map({ toWrite <= $0 }) ?? true { try write(ready, lastPage) }
                    toWrite += 1
                }
            }
        }
        if let cap, let total = first.total, lastPage.map({ $0 > cap }) ?? true {
            throw PageFailure(
                page: cap,
                message:
                    "Leat said the list holds \(total) items (meta.total), and page \(cap) still brought some: stopped rather than read on without end"
            )
        }
    }

}
