import Jobs

extension DeskRuns {
    /// The jobs the desk runs, with their options: the CLI's own.
    enum Job: Sendable {
        case contacts(ImportOptions)
        case invites(InviteOptions)
        case balances(BalanceOptions)

        /// The settings every job has: report, rows to fix, resume, dry run.
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
