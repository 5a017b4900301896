/// Where a run's own files go when no path is given: beside the input, named after it.
package enum OutputPaths {
    /// `input` followed by `suffix` (`contacts.csv` → `contacts.csv.report.csv`); standard input
    /// (`-`) as `stdin`.
    package static func beside(_ input: String, _ suffix: String) -> String {
        (input == "-" ? "stdin" : input) + suffix
    }
}
