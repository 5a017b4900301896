/// ISO 8601 text from its parts, zero-padded: what the date readers (Excel serials, spreadsheet
/// dates in `dd-mm-yyyy`) write.
package enum ISOText {
    /// `YYYY-MM-DD`.
    package static func day(year: Int, month: Int, day: Int) -> String {
        padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
    }

    /// `HH:MM:SS`.
    package static func clock(hours: Int, minutes: Int, seconds: Int) -> String {
        padded(hours, 2) + ":" + padded(minutes, 2) + ":" + padded(seconds, 2)
    }

    /// `number` with leading zeros to `width` digits (cheaper than `String(format:)`, which goes
    /// through Foundation's formatter).
    private static func padded(_ number: Int, _ width: Int) -> String {
        let text = String(number)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
