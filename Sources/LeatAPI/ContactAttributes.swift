import Foundation

/// A contact attribute of the account, as `GET contact-attributes` lists it.
public struct ContactAttribute: Sendable, Equatable {
    public var name: String
    /// `text`, `number`, `date`, `birth_date`, `boolean`, `select`, `phone`, `email`, …
    public var type: String
    /// `is_hard_read_only` or `is_soft_read_only`: an import cannot set it.
    public var isReadOnly: Bool

    public init(name: String, type: String, isReadOnly: Bool) {
        self.name = name
        self.type = type
        self.isReadOnly = isReadOnly
    }
}

extension LeatClient {
    /// `GET contact-attributes`: the account's contact attributes. Cheap and authenticated, it is
    /// also the import's connection check before its first row.
    public func contactAttributes() async throws(LeatError) -> LeatAnswer<[ContactAttribute]> {
        let (body, answer) = try await send(.GET, "contact-attributes")
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
              let items = object["data"] as? [[String: Any]] else {
            throw LeatError(kind: .unreadable, status: 200, message: "expected a list of attributes in {\"data\": [...]}")
        }
        return answer.with(items.compactMap { item in
            guard let name = item["name"] as? String else { return nil }
            let readOnly = (item["is_hard_read_only"] as? Bool ?? false) || (item["is_soft_read_only"] as? Bool ?? false)
            return ContactAttribute(name: name, type: (item["type"] ?? item["data_type"]) as? String ?? "text", isReadOnly: readOnly)
        })
    }
}
