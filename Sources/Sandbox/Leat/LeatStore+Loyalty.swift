/// The loyalty half of the account: its shops, its loyalty transactions in `created_at` order,
/// and the attributes a transaction may carry.
struct LoyaltyState {
    var shops: [Shop] = []
    var transactions: [LoyaltyTransaction] = []
    var transactionIndex: [String: Int] = [:]
    var attributes: [TransactionAttribute] = []
    var nextTransactionID = 1
}

/// What a credit reception is asked to do (`POST credit-receptions`).
struct ReceptionRequest: Sendable {
    var contactUUID: String?
    var shopUUID: String?
    var credits: String?
    var unitValue: String?
    var unitName: String?
    /// Every other field of the body: loyalty-transaction attributes by name.
    var others: [String: String] = [:]
}

extension LeatStore {
    /// Adds `count` shops (seed data).
    func seedShops(_ count: Int) {
        state.withLock { state in
            for number in 1...max(1, count) where count > 0 {
                let id = state.loyalty.shops.count + 1
                state.loyalty.shops.append(
                    Shop(
                        id: id, uuid: state.generator.uuid(), name: count == 1 ? "Sandbox Shop" : "Sandbox Shop \(number)",
                        type: number % 2 == 0 ? "web" : "physical", reference: "shop-\(number)"))
            }
        }
    }

    /// Adds `count` transactions spread over the last 30 days before `now`, on the seeded contacts
    /// (made first when there are none) and shops: mostly credit receptions, some reward
    /// receptions and negative corrections; each moves its contact's balance.
    func seedTransactions(_ count: Int, now: Int) {
        guard count > 0 else { return }
        if state.withLock({ $0.contacts.isEmpty }) { SeedData.contacts(count / 20 + 1, into: self, now: now - 31 * 24 * 3600) }
        state.withLock { state in
            let contacts = state.ordered
            let shops = state.loyalty.shops
            guard !contacts.isEmpty, !shops.isEmpty else { return }
            let month = 30 * 24 * 3600
            var times = (0..<count).map { _ in now - 60 - Int(state.generator.next() % UInt64(month)) }
            times.sort()
            for createdAt in times {
                let roll = state.generator.next() % 100
                let contact = contacts[Int(state.generator.next() % UInt64(contacts.count))]
                let shop = shops[Int(state.generator.next() % UInt64(shops.count))].uuid
                var transaction = LoyaltyTransaction(
                    id: 0, uuid: "", type: LoyaltyTransaction.creditReception, credits: 0,
                    contactUUID: contact, shopUUID: shop, createdAt: createdAt)
                if roll < 85 {
                    let euros = Double(500 + state.generator.next() % 20_000) / 100
                    (transaction.credits, transaction.unitValue) = (Int(euros), euros)
                } else if roll < 95 {
                    transaction.type = LoyaltyTransaction.rewardReception
                    transaction.credits = -Int(50 + state.generator.next() % 451)
                    transaction.reward = (state.generator.uuid(), "Free coffee")
                } else {
                    transaction.credits = -Int(1 + state.generator.next() % 100)
                    transaction.channel = "BUSINESS_DASHBOARD"
                }
                Self.record(&transaction, into: &state)
            }
        }
    }

    func shops() -> [Shop] {
        state.withLock { $0.loyalty.shops }
    }

    func shop(uuid: String) throws(LeatErrorAnswer) -> Shop {
        guard let shop = state.withLock({ $0.loyalty.shops.first { $0.uuid == uuid } }) else { throw .shopNotFound }
        return shop
    }

    /// Creates a credit reception: explicit `credits` (may be negative) or `unit_value` times
    /// `creditsPerUnit`; the attributes the account has are kept, any other field is ignored. The
    /// contact's balance moves at once. Past `maxCredits` (in either direction): 1015.
    func receive(_ request: ReceptionRequest, creditsPerUnit: Double, maxCredits: Int?, now: Int = Timestamp.now()) throws(LeatErrorAnswer)
        -> LoyaltyTransaction
    {
        guard let contactUUID = request.contactUUID, !contactUUID.isEmpty else {
            throw .invalidInput("contact_uuid", "The contact uuid field is required.")
        }
        guard let shopUUID = request.shopUUID, !shopUUID.isEmpty else {
            throw .invalidInput("shop_uuid", "The shop uuid field is required.")
        }
        if let unit = request.unitName, unit != "purchase_amount" { throw .unitNotFound }
        var credits: Int
        var unitValue: Double?
        if let text = request.credits {
            guard let value = Int(text) else { throw .invalidInput("credits", "The credits must be an integer.") }
            credits = value
        } else if let text = request.unitValue {
            guard let value = Double(text), value.isFinite else { throw .invalidInput("unit_value", "The unit value must be a number.") }
            (credits, unitValue) = (Int((value * creditsPerUnit).rounded(.down)), value)
        } else {
            throw .invalidInput("credits", "The credits field is required when unit value is not present.")
        }
        if let maxCredits, abs(credits) > maxCredits { throw .creditsLimit }
        return try state.withLock { (state) throws(LeatErrorAnswer) in
            guard state.contacts[contactUUID]?.isVisible(at: .now) == true else { throw .contactNotFound }
            guard state.loyalty.shops.contains(where: { $0.uuid == shopUUID }) else { throw .shopNotFound }
            let known = Set(state.loyalty.attributes.map(\.name))
            var transaction = LoyaltyTransaction(
                id: 0, uuid: "", type: LoyaltyTransaction.creditReception, credits: credits, unitValue: unitValue,
                contactUUID: contactUUID, shopUUID: shopUUID, createdAt: now,
                attributes: request.others.filter { known.contains($0.key) })
            Self.record(&transaction, into: &state)
            return transaction
        }
    }

    /// Reverses credit reception `uuid`: a new reception of the opposite credits, with the same
    /// contact, shop and attributes (Leat's docs). 1003 for a uuid that is no credit reception.
    func reverse(uuid: String, now: Int = Timestamp.now()) throws(LeatErrorAnswer) -> LoyaltyTransaction {
        try state.withLock { (state) throws(LeatErrorAnswer) in
            guard let index = state.loyalty.transactionIndex[uuid],
                state.loyalty.transactions[index].type == LoyaltyTransaction.creditReception
            else {
                throw .invalidInput("credit_reception_uuid", "The selected credit reception uuid is invalid.")
            }
            var reversal = state.loyalty.transactions[index]
            reversal.credits = -reversal.credits
            reversal.unitValue = reversal.unitValue.map { -$0 }
            reversal.createdAt = now
            Self.record(&reversal, into: &state)
            return reversal
        }
    }

    /// Gives `transaction` its id and uuid, keeps it in `created_at` order and moves its contact's balance.
    private static func record(_ transaction: inout LoyaltyTransaction, into state: inout State) {
        transaction.id = state.loyalty.nextTransactionID
        transaction.uuid = state.generator.uuid()
        state.loyalty.nextTransactionID += 1
        let created = max(transaction.createdAt, state.loyalty.transactions.last?.createdAt ?? transaction.createdAt)
        transaction.createdAt = created
        state.loyalty.transactionIndex[transaction.uuid] = state.loyalty.transactions.count
        state.loyalty.transactions.append(transaction)
        state.contacts[transaction.contactUUID]?.loyaltyBalance += transaction.credits
    }

    /// One page of transactions in `created_at` order (or the reverse) within the filters, each
    /// with its contact and shop as they are now; and the total matching.
    func transactions(
        page: Int, limit: Int, descending: Bool, contact: String?, shop: String?, type: String?, filter: TransactionTypeFilter,
        after: Int?, from: Int?, before: Int?, until: Int?
    ) -> (items: [(LoyaltyTransaction, Contact?, Shop?)], total: Int) {
        state.withLock { state in
            let all = state.loyalty.transactions
            // In created_at order: the window is found by binary search, not by a scan of every transaction.
            func start(atOrAfter bound: Int) -> Int {
                var (low, high) = (0, all.count)
                while low < high {
                    let middle = (low + high) / 2
                    if all[middle].createdAt < bound { low = middle + 1 } else { high = middle }
                }
                return low
            }
            let lower = [after.map { $0 + 1 }, from].compactMap { $0 }.max()
            let upper = [before, until.map { $0 + 1 }].compactMap { $0 }.min()
            let window = all[(lower.map(start(atOrAfter:)) ?? 0)..<(upper.map(start(atOrAfter:)) ?? all.count)]
            let filtered = contact != nil || shop != nil || (type != nil && filter != .ignored)
            var matching =
                filtered
                ? Array(
                    window.filter { item in
                        (contact.map { $0 == item.contactUUID } ?? true) && (shop.map { $0 == item.shopUUID } ?? true)
                            && filter.admits(item.type, asked: type)
                    })[...] : window
            if descending { matching = ArraySlice(matching.reversed()) }
            let shops = state.loyalty.shops
            let items = matching.dropFirst((page - 1) * limit).prefix(limit).map { item in
                (item, state.contacts[item.contactUUID], shops.first { $0.uuid == item.shopUUID })
            }
            return (Array(items), matching.count)
        }
    }

    /// The loyalty-transaction attributes (`GET loyalty-transaction-attributes`).
    func transactionAttributes() -> [TransactionAttribute] {
        state.withLock { $0.loyalty.attributes }
    }

    /// Adds one (`POST`); 60009 when its name is taken, 1003 for a name or type Leat refuses.
    func addTransactionAttribute(_ attribute: TransactionAttribute) throws(LeatErrorAnswer) -> TransactionAttribute {
        guard AttributeSchema.isName(attribute.name) else {
            throw .invalidInput("name", "The name may only contain letters, digits and underscores, and must start with a letter.")
        }
        guard SandboxAttribute.types.contains(attribute.type) else {
            throw .invalidInput("data_type", "The selected data type is invalid.")
        }
        return try state.withLock { (state) throws(LeatErrorAnswer) in
            guard !state.loyalty.attributes.contains(where: { $0.name == attribute.name }) else { throw .attributeExists }
            state.loyalty.attributes.append(attribute)
            return attribute
        }
    }
}
