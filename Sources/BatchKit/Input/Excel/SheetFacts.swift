import Synchronization

/// What the reading thread learns about the sheet and the reader tells: the sheet's last row
/// (from its `<dimension>`) and the columns that held numbers.
final class SheetFacts: Sendable {
    private let state = Mutex((lastRow: Int?.none, numericColumns: Set<Int>()))

    func insert(numericColumn column: Int) {
        state.withLock { _ = $0.numericColumns.insert(column) }
    }

    var numericColumns: [Int] { state.withLock { $0.numericColumns.sorted() } }

    var lastRow: Int? {
        get { state.withLock { $0.lastRow } }
        set { state.withLock { $0.lastRow = newValue } }
    }
}
