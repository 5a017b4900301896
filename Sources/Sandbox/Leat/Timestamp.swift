import Foundation

/// Leat's timestamps: ISO 8601 with seconds and a `+00:00` offset, as in the docs' examples.
enum Timestamp {
    static func format(_ seconds: Int) -> String {
        let text = Date(timeIntervalSince1970: TimeInterval(seconds)).formatted(.iso8601)
        return text.hasSuffix("Z") ? String(text.dropLast()) + "+00:00" : text
    }

    /// Parses a filter value: a full ISO 8601 timestamp (offset or `Z`; a `+` that a query string
    /// turned into a space is put back) or a date (midnight UTC).
    static func parse(_ text: String) -> Int? {
        let text = text.replacingOccurrences(of: " ", with: "+")
        if let date = try? Date(text, strategy: .iso8601) { return Int(date.timeIntervalSince1970) }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day()) {
            return Int(date.timeIntervalSince1970)
        }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) {
            return Int(date.timeIntervalSince1970)
        }
        return nil
    }

    static func now() -> Int { Int(Date().timeIntervalSince1970) }
}
