import BatchKit
import Foundation

/// The account's contacts as a listing found them, for `--changed-only`: per contact a 128-bit
/// hash of its email, its uuid, and a 64-bit hash of each value of the attributes the run maps —
/// hashes, not strings: 32 bytes a contact plus 8 a mapped attribute, in flat arrays sorted by the
/// email's hash and searched by halves.
///
/// Values are compared as Leat stores them (``canonical(_:type:)``). The hashes are seeded per
/// process (`Hasher`), which is all an index that lives for one run needs.
struct ContactIndex: Sendable {
    /// The Leat names of the attributes the run maps, with their types, in order.
    let attributes: [(name: String, type: String)]
    private let positions: [String: Int]
    private var keys: [EmailKey] = []
    private var uuids: [UUID] = []
    private var values: [UInt64] = []
    /// Contacts listed but created or changed since the listing began: they are not in the index.
    private var fresh: Set<EmailKey> = []

    struct EmailKey: Comparable, Hashable, Sendable {
        var high: UInt64
        var low: UInt64

        init(_ email: String) {
            var first = Hasher()
            first.combine(0 as UInt8)
            first.combine(email)
            var second = Hasher()
            second.combine(1 as UInt8)
            second.combine(email)
            high = UInt64(bitPattern: Int64(first.finalize()))
            low = UInt64(bitPattern: Int64(second.finalize()))
        }

        static func < (a: Self, b: Self) -> Bool { a.high != b.high ? a.high < b.high : a.low < b.low }
    }

    /// A contact the listing found: its place, and its uuid.
    struct Hit: Sendable {
        var position: Int
        var uuid: String
    }

    init(attributes: [(name: String, type: String)]) {
        self.attributes = attributes
        positions = Dictionary(attributes.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { first, _ in first })
    }

    var count: Int { keys.count }

    /// Adds a contact from a listing page (`email`, `uuid` and its current values as text).
    mutating func add(email: String, uuid: UUID, values current: [String: String]) {
        keys.append(EmailKey(email))
        uuids.append(uuid)
        for attribute in attributes {
            values.append(Self.hash(Self.canonical(current[attribute.name] ?? "", type: attribute.type)))
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

    /// Sorts the index by email hash once every page is in; a contact listed twice (pages that
    /// shifted) is kept once.
    mutating func seal() {
        let width = attributes.count
        let order = keys.indices.sorted { keys[$0] < keys[$1] }
        var sortedKeys: [EmailKey] = [], sortedUUIDs: [UUID] = [], sortedValues: [UInt64] = []
        sortedKeys.reserveCapacity(keys.count)
        sortedUUIDs.reserveCapacity(keys.count)
        sortedValues.reserveCapacity(values.count)
        for index in order where sortedKeys.last != keys[index] {
            sortedKeys.append(keys[index])
            sortedUUIDs.append(uuids[index])
            sortedValues.append(contentsOf: values[(index * width)..<((index + 1) * width)])
        }
        (keys, uuids, values) = (sortedKeys, sortedUUIDs, sortedValues)
    }

    /// The contact with `email`, when the listing found it.
    func find(_ email: String) -> Hit? {
        let key = EmailKey(email)
        var low = 0, high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if keys[middle] < key { low = middle + 1 } else { high = middle }
        }
        guard low < keys.count, keys[low] == key else { return nil }
        return Hit(position: low, uuid: uuids[low].uuidString.lowercased())
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

    /// Records values a row has just written, so that a later row with the same email compares with them.
    mutating func record(_ written: [Attribute], at position: Int) {
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
            guard text.count > 10, text.prefix(4).allSatisfy(\.isASCIIDigit), case .success(let day) = DateText.iso(String(text.prefix(10)), order: .ymd) else {
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
