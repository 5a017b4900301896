import Foundation
import Jobs

/// The desk's export form as posted, checked: the list, the format, and the period (its first and
/// last day, both optional), which the export of contacts and of transactions is limited to.
struct DeskExportForm {
    var from: String?
    var to: String?
    var options: Result<ExportOptions, DeskProblem>

    init(_ fields: [String: String]) {
        from = fields["from"].flatMap { $0.isEmpty ? nil : $0 }
        to = fields["to"].flatMap { $0.isEmpty ? nil : $0 }
        options = Self.options(fields, from: from, to: to)
    }

    private static func options(_ fields: [String: String], from: String?, to: String?) -> Result<ExportOptions, DeskProblem> {
        var options = ExportOptions()
        guard let entity = ExportEntity(rawValue: fields["entity"] ?? "") else {
            return .failure(DeskProblem(message: Words.say(.exportChooseList)))
        }
        guard let format = ExportFormat(rawValue: fields["format"] ?? ""), format != .ndjson else {
            return .failure(DeskProblem(message: Words.say(.exportChooseFormat)))
        }
        (options.entity, options.format) = (entity, format)
        guard entity == .contacts || entity == .transactions else { return .success(options) }
        let first = from.map { (phrase: Phrase.exportFirstDayNotDate, text: $0, day: Self.day($0)) }
        let last = to.map { (phrase: Phrase.exportLastDayNotDate, text: $0, day: Self.day($0)) }
        for asked in [first, last].compactMap({ $0 }) where asked.day == nil {
            return .failure(DeskProblem(message: Words.say(asked.phrase, ["text": asked.text])))
        }
        if let start = first?.day, let end = last?.day, end < start {
            return .failure(DeskProblem(message: Words.say(.exportEndsBeforeStart, ["from": from ?? "", "to": to ?? ""])))
        }
        options.createdAfter = first?.day?.formatted(.iso8601)
        // Up to the end of the last day: before the next one begins.
        options.createdBefore = last?.day.map { $0.addingTimeInterval(24 * 60 * 60).formatted(.iso8601) }
        return .success(options)
    }

    /// The start of day `text` (`YYYY-MM-DD`), UTC.
    private static func day(_ text: String) -> Date? {
        guard text.utf8.count == 10 else { return nil }
        return try? Date(text + "T00:00:00Z", strategy: .iso8601)
    }
}
