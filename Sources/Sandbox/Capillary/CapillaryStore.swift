import Synchronization

/// A Capillary customer: a possible referrer.
struct CapillaryCustomer: Sendable, Decodable {
    var mobile: String?
    var email: String?
    var firstname: String?
    var lastname: String?
}

/// One referral invite as Capillary stored it.
struct StoredInvite: Sendable {
    var campaign: String
    var type: String
    var identifier: String
    var name: String
    var invitedOn: String
}

/// Capillary's side of the sandbox: customers, campaigns and the invites sent for them.
final class CapillaryStore: Sendable {
    struct State {
        var customersByMobile: [String: CapillaryCustomer] = [:]
        var customersByEmail: [String: CapillaryCustomer] = [:]
        var customerCount = 0
        var campaigns: Set<String>
        /// Invites per referrer key (`mobile:…` or `email:…`).
        var invites: [String: [StoredInvite]] = [:]
        /// How often each (referrer, identifier) was invited: exactly-once checks read this.
        var inviteCounts: [String: Int] = [:]
    }

    private let state: Mutex<State>

    init(campaigns: [String]) {
        state = Mutex(State(campaigns: Set(campaigns)))
    }

    func register(_ customer: CapillaryCustomer) {
        state.withLock { state in
            let known =
                customer.mobile.flatMap { state.customersByMobile[$0] }
                ?? customer.email.flatMap { state.customersByEmail[$0.lowercased()] }
            if known == nil { state.customerCount += 1 }
            if let mobile = customer.mobile { state.customersByMobile[mobile] = customer }
            if let email = customer.email?.lowercased() { state.customersByEmail[email] = customer }
        }
    }

    /// The customer for a referrer's mobile or email, and the key invites are kept under.
    func customer(mobile: String?, email: String?) -> (customer: CapillaryCustomer, key: String)? {
        state.withLock { state in
            if let mobile, let customer = state.customersByMobile[mobile] { return (customer, "mobile:" + mobile) }
            if let email = email?.lowercased(), let customer = state.customersByEmail[email] { return (customer, "email:" + email) }
            return nil
        }
    }

    func knowsCampaign(_ token: String) -> Bool {
        state.withLock { $0.campaigns.contains(token) }
    }

    func store(_ invite: StoredInvite, referrer key: String) {
        state.withLock { state in
            state.invites[key, default: []].append(invite)
            state.inviteCounts[key + "|" + invite.identifier, default: 0] += 1
        }
    }

    func invites(referrer key: String, campaign: String?) -> [StoredInvite] {
        state.withLock { state in
            (state.invites[key] ?? []).filter { campaign == nil || $0.campaign == campaign }
        }
    }

    /// StoredInvite counts per `referrer|identifier`, and the customers count.
    var counts: (invites: [String: Int], customers: Int) {
        state.withLock { ($0.inviteCounts, $0.customerCount) }
    }
}
