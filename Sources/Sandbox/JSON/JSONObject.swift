/// A JSON object's members in the order they were given: written in that order, with no
/// hashing or sorting per answer. Written as a dictionary literal, `["uuid": .string(uuid)]`.
package struct JSONObject: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    package var members: [(key: String, value: JSONValue)]

    package init(_ members: [(key: String, value: JSONValue)] = []) {
        self.members = members
    }

    package init(dictionaryLiteral elements: (String, JSONValue)...) {
        members = elements.map { (key: $0.0, value: $0.1) }
    }

    /// The members of `dictionary`, sorted by key so that the same object is always written the same way.
    package init(sorting dictionary: [String: JSONValue]) {
        members = dictionary.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
    }

    /// Adds a member at the end (no check for an earlier one of the same name).
    package mutating func append(_ key: String, _ value: JSONValue) {
        members.append((key: key, value: value))
    }

    package static func == (left: JSONObject, right: JSONObject) -> Bool {
        left.members.count == right.members.count
            && zip(left.members, right.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}
