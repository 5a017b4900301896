import Foundation
import HTTPKit
import NIOPosix

/// One page of a Leat list: its items as flat text fields, and the last page when the answer's
/// `meta` says (contacts do; referrals answer `meta: []`, tiers are not paged). Every contact and
/// referral has a `uuid` that is a UUID: a page with one that is not is unreadable.
public struct LeatPage: Sendable {
    /// Each item's fields as text (nested objects flattened with `_`, e.g. `referring_contact_uuid`).
    public var items: [[String: String]]
    public var lastPage: Int?
    /// How many items the whole list holds, when `meta.total` says.
    public var total: Int?
    /// Per item, the keys whose value the API gave as a JSON number (not a boolean): where a
    /// spreadsheet should get a number. Empty where the list does not say.
    public var numbers: [Set<String>] = []
    /// Why the answer's `meta` cannot be read (a `last_page` or `total` that is no count): the page
    /// is then unreadable, since a list that cannot say where it ends could be read without end.
    var unreadableMeta: String?
}

extension LeatClient {
    /// The most items a page may hold (`limit`).
    public static let pageLimit = 100

    /// `GET contacts?page=&limit=100&sort=created_at&created_at[gte]=&created_at[lt]=`: each contact
    /// as `uuid`, `email` and its `current_values` (typed values as text: null as "", numbers as
    /// JSON writes them, booleans `true`/`false`), with `tier` as its name. With `only`, just those
    /// of its values (and `uuid`, `email`): a listing that keeps a few fields of each contact need
    /// not make text of forty. With `numbers`, the page also says which values were JSON numbers
    /// (``LeatPage/numbers``), for a workbook. When `only` names `credit_balance`, the contact's
    /// balance (`credit_balance.balance`, beside its values) comes as that field.
    public func contacts(
        page: Int, createdFrom: String? = nil, createdBefore: String? = nil,
        only: Set<String>? = nil, numbers: Bool = false
    ) async throws(LeatError) -> APIAnswer<LeatPage> {
        var query = "page=\(page)&limit=\(Self.pageLimit)&sort=created_at"
        if let createdFrom { query += "&created_at%5Bgte%5D=" + PercentEncoding.encode(createdFrom) }
        if let createdBefore { query += "&created_at%5Blt%5D=" + PercentEncoding.encode(createdBefore) }
        var numberKeys: (@Sendable ([String: Any]) -> Set<String>)?
        if numbers {
            numberKeys = { contact in
                Self.numberKeys(contact["current_values"] as? [String: Any] ?? [:]).filter { only?.contains($0) ?? true }
            }
        }
        return try await list("contacts?" + query, keyed: true, numbers: numberKeys) { contact in
            let values = contact["current_values"] as? [String: Any] ?? [:]
            var fields =
                only.map { keys in values.filter { keys.contains($0.key) }.mapValues(LeatJSON.text) } ?? values.mapValues(LeatJSON.text)
            fields["uuid"] = contact["uuid"] as? String ?? fields["uuid"]
            fields["email"] = contact["email"] as? String ?? fields["email"]
            // Leat gives the tier as an id; its name is in the display values.
            if let tier = (contact["current_display_values"] as? [String: Any])?["tier"] as? String, !tier.isEmpty { fields["tier"] = tier }
            if only?.contains("credit_balance") == true, let balance = (contact["credit_balance"] as? [String: Any])?["balance"] {
                fields["credit_balance"] = LeatJSON.text(balance)
            }
            return fields
        }
    }

    /// `GET referrals?page=&limit=100&status=&referring_contact_uuid=`.
    public func referrals(page: Int, status: String? = nil, referringContact: String? = nil) async throws(LeatError) -> APIAnswer<LeatPage>
    {
        var query = "page=\(page)&limit=\(Self.pageLimit)"
        if let status { query += "&status=" + PercentEncoding.encode(status) }
        if let referringContact { query += "&referring_contact_uuid=" + PercentEncoding.encode(referringContact) }
        return try await list("referrals?" + query, keyed: true) { referral in
            var fields = ["uuid": referral["uuid"].map(LeatJSON.text) ?? "", "status": referral["status"].map(LeatJSON.text) ?? ""]
            for side in ["referring_contact", "referred_contact"] {
                let contact = referral[side] as? [String: Any] ?? [:]
                fields[side + "_uuid"] = contact["uuid"].map(LeatJSON.text) ?? ""
                fields[side + "_email"] = contact["email"].map(LeatJSON.text) ?? ""
            }
            return fields
        }
    }

    /// `GET tiers`: all of them, one page.
    public func tiers() async throws(LeatError) -> APIAnswer<LeatPage> {
        var answer = try await list("tiers", keyed: false, numbers: Self.numberKeys) { tier in tier.mapValues(LeatJSON.text) }
        answer.value.lastPage = 1
        return answer
    }

    /// The page at `path`; with `keyed`, each item must have a uuid.
    func list(
        _ path: String, keyed: Bool, numbers: (@Sendable ([String: Any]) -> Set<String>)? = nil,
        item: @escaping @Sendable ([String: Any]) -> [String: String]
    ) async throws(LeatError) -> APIAnswer<LeatPage> {
        let (body, answer) = try await send(.GET, path)
        // A page of 100 contacts takes milliseconds to parse: on NIO's thread pool, so that pages
        // are read on every core while the event loop goes on with the requests in flight.
        let page: LeatPage?
        do {
            page = try await NIOThreadPool.singleton.runIfActive { Self.page(from: body, numbers: numbers, item: item) }
        } catch {
            throw LeatError(kind: .noAnswer, status: 0, message: "could not read the answer: \(error)")
        }
        guard let page else {
            throw LeatError(kind: .unreadable, status: 200, message: "expected a list in {\"data\": [...]}")
        }
        if let problem = page.unreadableMeta { throw LeatError(kind: .unreadable, status: 200, message: serverText.shown(problem)) }
        if keyed, let index = page.items.firstIndex(where: { !Self.isUUID($0["uuid"]) }) {
            throw LeatError(
                kind: .unreadable, status: 200,
                message: serverText.shown(
                    "item \(index + 1) of the page has \(page.items[index]["uuid"].map { "the uuid '\($0)', which is not a UUID" } ?? "no uuid")"
                ))
        }
        return answer.with(page)
    }

    private static func page(from body: Data, numbers: (([String: Any]) -> Set<String>)?, item: ([String: Any]) -> [String: String])
        -> LeatPage?
    {
        guard let object = LeatJSON.object(body), let data = object["data"] as? [[String: Any]] else { return nil }
        let meta = object["meta"] as? [String: Any]
        func number(_ key: String) -> Int? { LeatJSON.int(meta?[key]) }
        var page = LeatPage(
            items: data.map(item), lastPage: number("last_page"), total: number("total"), numbers: numbers.map { data.map($0) } ?? [])
        for key in ["last_page", "total"] {
            guard let value = meta?[key], !(value is NSNull) else { continue }
            if (number(key) ?? -1) < 0 || (key == "last_page" && number(key) == 0) {
                page.unreadableMeta =
                    "the answer's meta.\(key) is \(LeatJSON.text(value).prefix(40)), not a count of \(key == "total" ? "items" : "pages")"
            }
        }
        return page
    }

    /// The keys of `object` whose value is a JSON number (booleans, also `NSNumber`s, are not).
    @Sendable static func numberKeys(_ object: [String: Any]) -> Set<String> {
        Set(
            object.compactMap { key, value in
                guard let number = value as? NSNumber, !LeatJSON.isBoolean(number) else { return nil }
                return key
            })
    }
}
