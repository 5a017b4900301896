import AsyncHTTPClient
import Foundation
import HTTPKit
import NIOCore
import NIOHTTP1

/// A typed client of Capillary's referral API (`v1.1/customer/referrals`) on async-http-client.
public final class CapillaryClient: Sendable {
    public let configuration: CapillaryConfiguration
    private let transport: APITransport
    private let headers: RequestHeaders
    /// Capillary's messages as passed on: capped, on one line, without the credentials.
    private let serverText: ServerText

    /// A client for up to `concurrency` requests in flight; ``shutdown()`` it when done.
    public init(configuration: CapillaryConfiguration, concurrency: Int = 16, timeout: Duration = .seconds(60)) {
        self.configuration = configuration
        transport = APITransport(concurrency: concurrency, timeout: timeout)
        let credential: HTTPHeaders =
            switch configuration.credential {
            case .basic(let header): ["Authorization": header]
            case .oauth(let token): ["X-CAP-API-OAUTH-TOKEN": token]
            }
        headers = RequestHeaders(credential)
        serverText = ServerText(hiding: configuration.credential.secrets)
    }

    /// Closes the connections.
    public func shutdown() async throws {
        try await transport.shutdown()
    }

    /// `POST v1.1/customer/referrals`: one result per group, in the groups' order.
    ///
    /// An API-level status 201 (some failed) or 500 (all failed) is an answer, not an error: the
    /// per-customer and per-invite statuses say which invites failed.
    public func invite(_ groups: [ReferralGroup]) async throws(CapillaryError) -> APIAnswer<[ReferralGroupResult]> {
        let body: ByteBuffer
        do {
            body = ByteBuffer(bytes: try JSONEncoder().encode(InviteRequestBody(groups)))
        } catch {
            throw CapillaryError(kind: .unreadable, status: 0, message: "cannot encode the request: \(error)")
        }
        let (response, answer) = try await send(.POST, "v1.1/customer/referrals", body: body, answersWithCustomers: groups.count)
        let customers = response.customers?.customer ?? []
        let results = groups.indices.map { index in
            guard index < customers.count else { return ReferralGroupResult(itemStatus: nil, inviteStatuses: [:]) }
            var statuses: [String: CapillaryStatus] = [:]
            for type in customers[index].referrals?.referral_type?.values ?? [] {
                for referral in type.referral?.values ?? [] {
                    if let identifier = referral.identifier, let status = referral.status { statuses[identifier] = shown(status.status) }
                }
            }
            return ReferralGroupResult(itemStatus: customers[index].item_status.map { shown($0.status) }, inviteStatuses: statuses)
        }
        return answer.with(results)
    }

    /// `GET v1.1/customer/referrals?mobile=|email=&campaign_token=`: the referrer's invitees for
    /// the campaign; nil when Capillary does not know the referrer (1012).
    public func invitees(of referrer: Referrer, campaignToken: String) async throws(CapillaryError) -> APIAnswer<[Invitee]?> {
        let query =
            switch referrer {
            case .mobile(let mobile): "mobile=" + PercentEncoding.encode(mobile)
            case .email(let email): "email=" + PercentEncoding.encode(email)
            }
        let (response, answer) = try await send(
            .GET, "v1.1/customer/referrals?\(query)&campaign_token=\(PercentEncoding.encode(campaignToken))",
            answersWithCustomers: 1)
        let customer = response.customers?.customer?.first
        if let item = customer?.item_status?.status, !item.success {
            guard item.code == 1012 else {
                throw CapillaryError(
                    kind: .api(code: item.code), status: 200, message: serverText.shown(item.message), requestID: answer.requestID)
            }
            return answer.with(nil)
        }
        let invitees = (customer?.referrals?.invitees?.invitee?.values ?? []).compactMap { body in
            body.identifier.map { Invitee(identifier: $0, type: body.type, campaignToken: body.campaign_token) }
        }
        return answer.with(invitees)
    }

    // MARK: Transport

    /// Sends the request; an answer whose body lists `answersWithCustomers` customers is read as
    /// an answer whatever its HTTP status (Capillary's 500 "all failed" carries them).
    private func send(
        _ method: HTTPMethod, _ path: String, body: ByteBuffer? = nil,
        answersWithCustomers: Int
    ) async throws(CapillaryError) -> (ResponseBody.Response, APIAnswer<Void>) {
        let response: APIResponse
        do {
            response = try await transport.send(method, configuration.baseURL + "/" + path, headers: headers, body: body)
        } catch {
            throw CapillaryError(kind: error.neverSent ? .notConnected : .noAnswer, status: 0, message: error.description)
        }
        let status = response.status
        let answer = response.answer((), requestIDHeader: "X-Cap-Requestid")
        let decoded = try? JSONDecoder().decode(ResponseBody.self, from: Data(response.body.readableBytesView)).response
        if let decoded, decoded.customers?.customer?.count == answersWithCustomers {
            return (decoded, answer)
        }
        let retryAfter = response.retryAfter
        if let failure = decoded?.status?.status, !failure.success || !response.isSuccess {
            throw CapillaryError(
                kind: .api(code: failure.code), status: status, message: serverText.shown(failure.message), retryAfter: retryAfter,
                requestID: answer.requestID)
        }
        guard response.isSuccess else {
            throw CapillaryError(
                kind: .http, status: status, message: serverText.shown(response.statusText),
                retryAfter: retryAfter, requestID: answer.requestID)
        }
        throw CapillaryError(
            kind: .unreadable, status: status,
            message: "expected {\"response\": {\"customers\": {\"customer\": [\(answersWithCustomers) entries]}}}",
            requestID: answer.requestID)
    }
}

extension CapillaryClient {
    /// `status` with its message as passed on.
    private func shown(_ status: CapillaryStatus) -> CapillaryStatus {
        CapillaryStatus(success: status.success, code: status.code, message: serverText.shown(status.message))
    }
}

/// Runs `body` with a Capillary client, and shuts the client down when `body` ends, however it ends.
public func withCapillaryClient<Result>(
    configuration: CapillaryConfiguration, concurrency: Int = 16, timeout: Duration = .seconds(60),
    _ body: (CapillaryClient) async throws -> Result
) async throws -> Result {
    let client = CapillaryClient(configuration: configuration, concurrency: concurrency, timeout: timeout)
    return try await withClosing(client.shutdown) { try await body(client) }
}
