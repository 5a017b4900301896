/// Deterministic seed data: contacts with a realistic spread of `created_at` over three years,
/// loyalty balances across the tiers, referrals between them, and Capillary customers.
enum SeedData {
    static let firstNames = ["Anne", "Jan", "Pieter", "Sanne", "Daan", "Emma", "Lucas", "Fleur", "Bram", "Noor", "Sem", "Julia"]
    static let lastNames = ["Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos", "Vos"]
    static let cities = ["Amsterdam", "Rotterdam", "Utrecht", "Den Haag", "Eindhoven", "Groningen", "Tilburg", "Almere"]

    static func contacts(_ count: Int, into store: LeatStore, now: Int) {
        let threeYears = 3 * 365 * 24 * 3600
        store.seed(
            { generator, id in
                let first = firstNames[Int(generator.next() % UInt64(firstNames.count))]
                let last = lastNames[Int(generator.next() % UInt64(lastNames.count))]
                let city = cities[Int(generator.next() % UInt64(cities.count))]
                let email = "\(first.lowercased()).\(last.lowercased().replacingOccurrences(of: " ", with: ""))\(id)@example.com"
                let createdAt = now - 60 - Int(generator.next() % UInt64(threeYears))
                let roll = Int(generator.next() % 1000)
                let balance = roll < 250 ? roll % 100 : roll * roll / 250
                return (email, createdAt, ["firstname": first, "lastname": last, "city": city], balance)
            }, count: count, referralShare: 0.2)
    }

    static func customers(_ count: Int, into store: CapillaryStore) {
        for n in 1...max(1, count) where count > 0 {
            let digits = String(n)
            store.register(
                CapillaryCustomer(
                    mobile: "9190" + String(repeating: "0", count: 9 - digits.count) + digits,
                    email: "customer\(n)@example.com",
                    firstname: firstNames[n % firstNames.count], lastname: lastNames[n % lastNames.count]))
        }
    }
}
