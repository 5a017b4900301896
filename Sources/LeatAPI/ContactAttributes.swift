import Foundation
import HTTPKit

/// A contact attribute of the account, as `GET contact-attributes` lists it.
public struct ContactAttribute: Sendable, Equatable {
    public var name: String
    public var label: String
    /// `text`, `number`, `float`, `date`, `birth_date`, `date_time`, `boolean`, `select`,
    /// `multi_select`, `phone`, `email`, `url`, … (Leat's SDK: `CustomAttributeTypes`).
    public var type: String
    /// `is_hard_read_only` or `is_soft_read_only`: an import cannot set it.
    public var isReadOnly: Bool
    /// A select's options: the value sent, and the name a person sees.
    public var options: [(name: String, value: String)]

    public init(name: String, label: String? = nil, type: String, isReadOnly: Bool = false, options: [(name: String, value: String)] = []) {
        self.name = name
        self.label = label ?? name
        self.type = type
        self.isReadOnly = isReadOnly
        self.options = options
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.name == rhs.name && lhs.label == rhs.label && lhs.type == rhs.type && lhs.isReadOnly == rhs.isReadOnly
            && lhs.options.elementsEqual(rhs.options) { $0 == $1 }
    }

    /// Reads one item of Leat's list (`type` on read, `data_type` on create); nil without a name.
    init?(json item: [String: Any]) {
        guard let name = item["name"] as? String, !name.isEmpty else { return nil }
        let readOnly = (item["is_hard_read_only"] as? Bool ?? false) || (item["is_soft_read_only"] as? Bool ?? false)
        let options = (item["options"] as? [Any] ?? []).compactMap { option -> (name: String, value: String)? in
            if let text = option as? String { return (text, text) }
            guard let object = option as? [String: Any] else { return nil }
            let name = object["name"].map(LeatJSON.text) ?? ""
            let value = object["value"].map(LeatJSON.text) ?? name
            return value.isEmpty ? nil : (name.isEmpty ? value : name, value)
        }
        self.init(
            name: name, label: item["label"] as? String, type: (item["type"] ?? item["data_type"]) as? String ?? "text",
            isReadOnly: readOnly, options: options)
    }
}

extension LeatClient {
    /// `GET contact-attributes`: the account's contact attributes. Cheap and authenticated, it is
    /// also the import's connection check before its first row.
    public func contactAttributes() async throws(LeatError) -> APIAnswer<[ContactAttribute]> {
        let (body, answer) = try await send(.GET, "contact-attributes")
        guard let items = LeatJSON.dataList(body) else {
            throw LeatError(kind: .unreadable, status: 200, message: "expected a list of attributes in {\"data\": [...]}")
        }
        return answer.with(items.compactMap(ContactAttribute.init(json:)))
    }

    /// `POST contact-attributes`: creates a contact attribute (`name`, `label`, `data_type`), as
    /// Leat's SDK does. Returns it as Leat answered, or as asked when the answer does not show it.
    public func createContactAttribute(name: String, label: String, type: String) async throws(LeatError) -> APIAnswer<ContactAttribute> {
        let body = JSONBody.object([("name", name), ("label", label), ("data_type", type)])
        let (data, answer) = try await send(.POST, "contact-attributes", body: body)
        let made = LeatJSON.dataObject(data).flatMap(ContactAttribute.init(json:))
        return answer.with(made ?? ContactAttribute(name: name, label: label, type: type))
    }
}
