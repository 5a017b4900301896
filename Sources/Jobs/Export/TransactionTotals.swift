import BatchKit
import Foundation

/// The books of a transactions export, summed from the rows as they are written, so that they
/// equal the rows: per type, the count and the sum of credits; per day and shop, the points
/// issued (positive credits), redeemed (negative credits, as a positive number), their net and
/// the count. A day is the date of `created_at` as Leat writes it (its own offset).
struct TransactionTotals {
    struct TypeTotal: Encodable, Equatable {
        var count = 0
        var credits = 0
    }

    private struct DayShop: Hashable {
        var day: String
        var shop: String
    }

    private struct Line {
        var shopName = ""
        var issued = 0
        var redeemed = 0
        var count = 0
    }

    private(set) var byType: [String: TypeTotal] = [:]
    private var lines: [DayShop: Line] = [:]
    /// Rows whose `credits` is not a whole number: counted, their credits not summed.
    private(set) var unreadable: [String] = []

    static let columns = ["day", "shop_uuid", "shop_name", "issued", "redeemed", "net", "count"]

    /// Adds a written row.
    mutating func add(_ item: [String: String]) {
        let text = item["credits"] ?? ""
        let credits = Int(text) ?? 0
        if Int(text) == nil && unreadable.count < 10 { unreadable.append(item["uuid"] ?? "") }
        byType[item["type"] ?? "", default: TypeTotal()].count += 1
        byType[item["type"] ?? "", default: TypeTotal()].credits += credits
        let key = DayShop(day: String((item["created_at"] ?? "").prefix(10)), shop: item["shop_uuid"] ?? "")
        var line = lines[key, default: Line()]
        line.shopName = item["shop_name"] ?? line.shopName
        if credits >= 0 { line.issued += credits } else { line.redeemed -= credits }
        line.count += 1
        lines[key] = line
    }

    /// The per-day-and-shop lines, by day then shop name.
    private var sorted: [(key: DayShop, value: Line)] {
        lines.sorted { ($0.key.day, $0.value.shopName, $0.key.shop) < ($1.key.day, $1.value.shopName, $1.key.shop) }
    }

    /// The lines as a workbook sheet's rows: numbers typed.
    var sheetRows: [[ExcelWriter.Cell]] {
        sorted.map { key, line in
            [
                ExportWriter.cell(key.day, isNumber: false), .text(key.shop), .text(line.shopName), .number(Double(line.issued)),
                .number(Double(line.redeemed)), .number(Double(line.issued - line.redeemed)), .number(Double(line.count)),
            ]
        }
    }

    /// Writes the lines as CSV at `path`, atomically.
    func writeCSV(to path: String, format: CSVFormat) throws {
        let file = try AtomicFile(path: path)
        do {
            let writer = try CSVWriter(sink: file.sink, format: format)
            try writer.write(Self.columns)
            for (key, line) in sorted {
                writer.append(key.day)
                writer.append(key.shop)
                writer.append(line.shopName)
                for number in [line.issued, line.redeemed, line.issued - line.redeemed, line.count] { writer.append(number) }
                try writer.endRecord()
            }
            try file.sink.flush()
            try file.commit()
        } catch {
            file.discard()
            throw error
        }
    }

    /// Where the CSV of totals goes beside `output`: `x.csv` → `x.totals.csv`.
    static func path(beside output: String) -> String {
        let name = output.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return output + ".totals.csv" }
        return String(output.dropLast(name.distance(from: dot, to: name.endIndex))) + ".totals.csv"
    }

    /// The manifest's part: rows, their credits, and by type.
    var manifest: ExportManifest.Totals {
        ExportManifest.Totals(
            rows: byType.values.reduce(0) { $0 + $1.count }, credits: byType.values.reduce(0) { $0 + $1.credits }, byType: byType)
    }
}
