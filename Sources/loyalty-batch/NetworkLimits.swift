import ArgumentParser

/// The ranges of the numeric network flags every command that calls an API shares: a value out
/// of range is a usage error (exit 2), never a crash or a wait of days.
enum NetworkLimits {
    static func validate(rate: Double?, maxAttempts: Int, requestTimeout: Double, maxRetryAfter: Double, downAfter: Double) throws {
        if let rate, !(0.01...100_000).contains(rate) {
            throw ValidationError("--rate must be between 0.01 and 100000 requests per second")
        }
        if !(1...100).contains(maxAttempts) { throw ValidationError("--max-attempts must be between 1 and 100") }
        if !(0.1...3_600).contains(requestTimeout) { throw ValidationError("--request-timeout must be between 0.1 and 3600 seconds") }
        if !(0...86_400).contains(maxRetryAfter) { throw ValidationError("--max-retry-after must be between 0 and 86400 seconds (a day)") }
        if !(1...86_400).contains(downAfter) { throw ValidationError("--down-after must be between 1 and 86400 seconds (a day)") }
    }
}
