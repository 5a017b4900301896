import TextFormats

extension Wording {
    /// The command line's: a setting is its flag, with the value to give it
    /// (`--on-duplicate fail`, `--map 'COLUMN=email'`).
    package static let commandLine = Wording { setting, value in
        guard let value else { return "--" + setting.rawValue }
        let plain = value.allSatisfy { $0.isASCIIDigit || ($0.isASCII && $0.isLetter) || "._-".contains($0) }
        return "--" + setting.rawValue + " " + (plain ? value : "'\(value)'")
    }
}
