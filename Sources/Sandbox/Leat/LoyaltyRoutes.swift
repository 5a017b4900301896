import Foundation
import Hummingbird
import Synchronization

/// Leat's loyalty endpoints under `/api/v3/oauth/clients`, as Leat's SDK and docs show them
/// (`shared/api-docs/leat-loyalty-notes.md`): shops, credit receptions (create, reverse,
/// calculate), loyalty transactions, and the attributes a transaction may carry. Where the real
/// API's behaviour is not known, the sandbox's configuration says which way it goes.
struct LoyaltyRoutes {
    let store: LeatStore
    let configuration: SandboxConfiguration
    let dice: Dice

    func add(to group: RouterGroup<SandboxContext>) {
        group.get("shops") { _, _ in envelope(.array(store.shops().map(\.payload)), meta: .object([:])) }
        group.get("shops/:uuid") { _, context in
            try envelope(store.shop(uuid: context.parameters.require("uuid")).payload, meta: .object([:]))
        }
        group.post("credit-receptions") { request, context in
            let fields = try await decodeFlatBody(request, context)
            var asked = ReceptionRequest(
                contactUUID: fields["contact_uuid"], shopUUID: fields["shop_uuid"], credits: fields["credits"],
                unitValue: fields["unit_value"], unitName: fields["unit_name"])
            asked.others = fields.filter { !["contact_uuid", "shop_uuid", "credits", "unit_value", "unit_name"].contains($0.key) }
            let made = try store.receive(asked, creditsPerUnit: configuration.creditsPerUnit, maxCredits: configuration.maxCredits)
            // The reception is made, but the answer says it is still being made: the lost answer.
            if dice.roll(configuration.receptionInProgressRate) { throw LeatErrorAnswer.receptionInProgress }
            return try reception(made)
        }
        group.post("credit-receptions/:uuid/reverse") { _, context in
            try reception(store.reverse(uuid: context.parameters.require("uuid")))
        }
        group.get("credit-receptions/calculate") { request, _ in
            guard let shop = request.query("shop_uuid") else {
                throw LeatErrorAnswer.invalidInput("shop_uuid", "The shop uuid field is required.")
            }
            _ = try store.shop(uuid: shop)
            if let contact = request.query("contact_uuid") { _ = try store.contact(uuid: contact) }
            guard let value = request.query("unit_value").flatMap(Double.init), value.isFinite else {
                throw LeatErrorAnswer.invalidInput("unit_value", "The unit value must be a number.")
            }
            return envelope(.object(["credits": .int(Int((value * configuration.creditsPerUnit).rounded(.down)))]), meta: .object([:]))
        }
        group.get("loyalty-transactions") { request, _ in
            let (page, limit) = try LeatRoutes.paging(request, cap: configuration.pageCap)
            if let contact = request.query("contact_uuid") { _ = try store.contact(uuid: contact) }
            if let shop = request.query("shop_uuid") { _ = try store.shop(uuid: shop) }
            let (items, total) = store.transactions(
                page: page, limit: limit, descending: try LeatRoutes.descending(request), contact: request.query("contact_uuid"),
                shop: request.query("shop_uuid"), type: request.query("type"), filter: configuration.typeFilter,
                after: try LeatRoutes.createdAt(request, "gt"), from: try LeatRoutes.createdAt(request, "gte"),
                before: try LeatRoutes.createdAt(request, "lt"), until: try LeatRoutes.createdAt(request, "lte"))
            let data = items.map { $0.payload(contact: $1, shop: $2, echo: configuration.echoTransactionAttributes) }
            return envelope(.array(data), meta: LeatRoutes.meta(page: page, limit: limit, count: items.count, total: total))
        }
        group.get("loyalty-transaction-attributes") { _, _ in envelope(.array(store.transactionAttributes().map(\.payload))) }
        group.post("loyalty-transaction-attributes") { request, context in
            let fields = try await decodeFlatBody(request, context)
            guard let name = fields["name"], !name.isEmpty else {
                throw LeatErrorAnswer.invalidInput("name", "The name field is required.")
            }
            guard let type = fields["data_type"], !type.isEmpty else {
                throw LeatErrorAnswer.invalidInput("data_type", "The data type field is required.")
            }
            let made = try store.addTransactionAttribute(TransactionAttribute(name: name, type: type, label: fields["label"] ?? name))
            return envelope(made.payload, status: .created)
        }
    }

    /// A credit reception's answer: the transaction, its contact (balance now) and its shop. The
    /// custom attributes come back at the top level, as Leat's docs show, whatever the list does.
    private func reception(_ transaction: LoyaltyTransaction) throws -> Response {
        let contact = try store.contact(uuid: transaction.contactUUID)
        return envelope(
            transaction.payload(contact: contact, shop: try store.shop(uuid: transaction.shopUUID), echo: true), meta: .object([:]))
    }
}

/// The sandbox's chance, seeded: whether a share of requests gets a behaviour.
final class Dice: Sendable {
    private let generator: Mutex<SeededGenerator>

    init(seed: UInt64) {
        generator = Mutex(SeededGenerator(seed: seed))
    }

    /// True with probability `share`.
    func roll(_ share: Double) -> Bool {
        share > 0 && generator.withLock { Double($0.next() % 1_000_000) / 1_000_000 } < share
    }
}

/// A JSON or form body of flat fields, each as text (a JSON number as JSON writes it); anything
/// unreadable is Leat's 1003.
func decodeFlatBody(_ request: Request, _ context: SandboxContext) async throws -> [String: String] {
    if request.hasFormBody {
        let form: [String: String] = try await decodeBody(request, context)
        return form
    }
    let buffer = try await request.body.collect(upTo: context.maxUploadSize)
    guard let object = try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any] else {
        throw LeatErrorAnswer.unreadableBody
    }
    return object.compactMapValues { JSONValue(foundation: $0).text }
}
