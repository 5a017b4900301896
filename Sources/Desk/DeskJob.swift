import Jobs

extension DeskRuns {
    /// The jobs the desk runs, with their options: the CLI's own.
    enum Job: Sendable {
        case contacts(ImportOptions)
        case invites(InviteOptions)
        case balances(BalanceOptions)

        /// The settings every job has: report, rows to fix, resume, dry run.
        /// How the upload is read, with the fixes made in the page.
        var fixedRows: [Int: [String]] {
            get {
                switch self {
                case .contacts(let options): options.read.fixedRows
                case .invites(let options): options.read.fixedRows
                case .balances(let options): options.read.fixedRows
                }
            }
            set {
                switch self {
                case .contacts(var options):
                    options.read.fixedRows = newValue
                    self = .contacts(options)
                case .invites(var options):
                    options.read.fixedRows = newValue
                    self = .invites(options)
                case .balances(var options):
                    options.read.fixedRows = newValue
                    self = .balances(options)
                }
            }
        }

        var run: RunSettings {
            get {
                switch self {
                case .contacts(let options): options.run
                case .invites(let options): options.run
                case .balances(let options): options.run
                }
            }
            set {
                switch self {
                case .contacts(var options):
                    options.run = newValue
                    self = .contacts(options)
                case .invites(var options):
                    options.run = newValue
                    self = .invites(options)
                case .balances(var options):
                    options.run = newValue
                    self = .balances(options)
                }
            }
        }
    }
}
