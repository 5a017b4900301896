/// What an export's summary says besides its rows (``RunSummary/export``): the pages read, the
/// file written and its digest, the manifest and, for loyalty transactions, the totals.
public struct ExportFigures: Sendable, Codable, Equatable {
    /// Where the rows went (`-`: standard output).
    public var output: String
    public var pages = 0
    /// Rows left out because their uuid was written already (a page boundary moved, or the
    /// incremental overlap).
    public var duplicates = 0
    /// The SHA-256 of the file written.
    public var sha256: String?
    public var manifest: String?
    /// Transactions: the CSV of totals per day and shop beside the output (a workbook's sheet `totals`).
    public var totals: String?
    /// Transactions: rows and credits per type, as the manifest says.
    public var byType: [String: TypeTotal] = [:]

    /// One transaction type's rows and credits.
    public struct TypeTotal: Sendable, Codable, Equatable {
        public var count: Int
        public var credits: Int

        public init(count: Int, credits: Int) {
            (self.count, self.credits) = (count, credits)
        }
    }

    public init(output: String) {
        self.output = output
    }
}
