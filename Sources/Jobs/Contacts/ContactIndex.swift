import BatchKit
import Foundation
import TextFormats

/// The account's contacts as a listing found them, for `--changed-only`: per contact a 128-bit
/// hash of its email, where its uuid and listed values are in ``ListedRecords`` (on disk), and a
/// 64-bit hash of each value of the attributes the run maps — hashes, not strings. They live in
/// one open-addressing table sized from the listing's total (and 1/16 more for contacts the run
/// creates), at most 7/8 full: (24 + 8 a mapped attribute) × 8/7 × 17/16 bytes a contact, 39 with
/// one attribute, with nothing to sort and no growing while the pages come (Swift's `Dictionary`
/// would take twice as much).
///
/// Values are compared as Leat stores them (``canonical(_:type:)``). The hashes are seeded per
/// process (`Hasher`), which is all an index that lives for one run needs.
struct ContactIndex: Sendable {
    /// The Leat names of the attributes the run maps, with their types, in order.
    let attributes: [(name: String, type: String)]
    /// Their names.
    let names: [String]
    /// Each contact's uuid and listed values.
    let records: ListedRecords
    private let positions: [String: Int]
    /// The table: an entry whose key is ``EmailKey/empty`` is a free place.
    private var entries: [Entry] = []
    /// `attributes.count` value hashes per place of the table.
    private var values: [UInt64] = []
    private(set) var count = 0
    /// Contacts listed but created or changed since the listing began: they are not in the index.
    private var fresh: Set<EmailKey> = []

    struct EmailKey: Hashable, Sendable {
        var high: UInt64
        var low: UInt64

        static let empty = EmailKey(high: 0, low: 0)

        init(high: UInt64, low: UInt64) {
            self.high = high
            self.low = low
        }

        init(_ email: String) {
            var first = Hasher()
            first.combine(0 as UInt8)
            first.combine(email)
            var second = Hasher()
            second.combine(1 as UInt8)
            second.combine(email)
            high = UInt64(bitPattern: Int64(first.finalize()))
            low = UInt64(bitPattern: Int64(second.finalize())) | 1  // never the empty key
        }
    }

    /// A contact: its email's hash and where its record is.
    private struct Entry: Sendable {
        var key: EmailKey
        var place: ListedRecords.Place
    }

    /// A contact the listing found: its place in the table, and where its record is.
    struct Hit: Sendable {
        var position: Int
        var place: ListedRecords.Place
    }

    init(attributes: [(name: String, type: String)], records: ListedRecords) {
        self.attributes = attributes
        names = attributes.map(\.name)
        self.records = records
        positions = Dictionary(attributes.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { first, _ in first })
    }

    /// Makes room for `count` contacts at once, rather than growing (and copying) as pages come,
    /// and 1/16 more for the contacts the run creates; past that, the table grows by half.
    mutating func reserve(_ count: Int) {
        let room = count + count / 16
        rebuild(capacity: room + room / 7 + 16)
    }

    /// Adds a contact from a listing page (`email`, `uuid` and its current values as text); a
    /// contact listed twice (pages that shifted) is kept once.
    mutating func add(email: String, uuid: UUID, values current: [String: String]) throws(ListedRecords.WriteError) {
        if (count + 1) * 8 > entries.count * 7 { rebuild(capacity: entries.count * 3 / 2 + 16) }
        let key = EmailKey(email)
        let position = position(of: key)
        guard entries[position].key == .empty else { return }
        let listed = attributes.map { current[$0.name] ?? "" }
        entries[position] = Entry(key: key, place: try records.append(uuid: uuid, values: listed))
        count += 1
        for (column, attribute) in attributes.enumerated() {
            values[position * attributes.count + column] = Self.hash(Self.canonical(listed[column], type: attribute.type))
        }
    }

    /// Notes a contact the listing found too fresh to go by (created or changed since it began).
    mutating func addFresh(email: String) {
        fresh.insert(EmailKey(email))
    }

    /// Whether the listing found the contact but too fresh to go by.
    func isFresh(_ email: String) -> Bool {
        !fresh.isEmpty && fresh.contains(EmailKey(email))
    }

    /// The contact with `email`, when the listing found it.
    func find(_ email: String) -> Hit? {
        guard !entries.isEmpty else { return nil }
        let position = position(of: EmailKey(email))
        guard entries[position].key != .empty else { return nil }
        return Hit(position: position, place: entries[position].place)
    }

    /// The position of `key` in the table, or the free one where it would go: linear probing from
    /// a start the key's (uniform) high half picks.
    private func position(of key: EmailKey) -> Int {
        var position = Int(key.high.multipliedFullWidth(by: UInt64(entries.count)).high)
        while entries[position].key != key && entries[position].key != .empty {
            position = position + 1 == entries.count ? 0 : position + 1
        }
        return position
    }

    /// A table of `capacity` places with every contact moved in.
    private mutating func rebuild(capacity: Int) {
        let (oldEntries, oldValues) = (entries, values)
        entries = Array(repeating: Entry(key: .empty, place: .none), count: capacity)
        values = Array(repeating: 0, count: capacity * attributes.count)
        let width = attributes.count
        for (old, entry) in oldEntries.enumerated() where entry.key != .empty {
            let position = position(of: entry.key)
            entries[position] = entry
            for column in 0..<width { values[position * width + column] = oldValues[old * width + column] }
        }
    }

    /// The row's attributes whose value differs from the contact's (an attribute the index does not
    /// hold counts as changed).
    func changes(at position: Int, _ row: [Attribute]) -> [Attribute] {
        row.filter { attribute in
            guard let column = positions[attribute.name] else { return true }
            let type = attributes[column].type
            return values[position * attributes.count + column] != Self.hash(Self.canonical(attribute.value, type: type))
        }
    }

    /// Records values a row has just written to the contact with `email` (`record`: its record
    /// with them), so that a later row with the same email compares with them. Looked up again:
    /// the table may have grown (and its positions moved) while the row's request was under way.
    mutating func record(_ written: [Attribute], email: String, record: ListedRecords.Place) {
        guard let position = find(email)?.position else { return }
        entries[position].place = record
        for attribute in written {
            guard let column = positions[attribute.name] else { continue }
            values[position * attributes.count + column] = Self.hash(Self.canonical(attribute.value, type: attributes[column].type))
        }
    }

    /// A value as Leat stores it, for comparing: trimmed; booleans `true`/`false` whichever way
    /// written; numbers without leading zeros or a `.0`; a date without its midnight time.
    static func canonical(_ value: String, type: String) -> String {
        let text = value.trimmed
        switch type {
        case "boolean":
            switch text.lowercased() {
            case "1", "true": return "true"
            case "0", "false": return "false"
            default: return text
            }
        case "number", "float":
            guard let number = Double(text), number.isFinite else { return text }
            return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case "date", "birth_date":
            guard text.count > 10, text.prefix(4).allSatisfy(\.isASCIIDigit),
                case .success(let day) = DateText.iso(String(text.prefix(10)), order: .ymd)
            else {
                return text
            }
            return day
        default:
            return text
        }
    }

    private static func hash(_ text: String) -> UInt64 {
        var hasher = Hasher()
        hasher.combine(text)
        return UInt64(bitPattern: Int64(hasher.finalize()))
    }
}
