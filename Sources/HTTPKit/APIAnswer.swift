/// A typed answer of either API, with the hints that came with it.
public struct APIAnswer<Value: Sendable>: Sendable {
    public var value: Value
    /// `X-RateLimit-Limit` and `X-RateLimit-Remaining`, when sent.
    public var rateLimit: Int?
    public var rateLimitRemaining: Int?
    /// The API's own id of the request (Capillary's `X-Cap-Requestid`), what its support asks for.
    public var requestID: String?

    public init(value: Value, rateLimit: Int? = nil, rateLimitRemaining: Int? = nil, requestID: String? = nil) {
        self.value = value
        self.rateLimit = rateLimit
        self.rateLimitRemaining = rateLimitRemaining
        self.requestID = requestID
    }

    /// The same hints around another value.
    public func with<Other>(_ value: Other) -> APIAnswer<Other> {
        APIAnswer<Other>(value: value, rateLimit: rateLimit, rateLimitRemaining: rateLimitRemaining, requestID: requestID)
    }

    /// The value and the rate-limit hints, as a request runner takes them.
    public var parts: (value: Value, limit: Int?, remaining: Int?) { (value, rateLimit, rateLimitRemaining) }
}

extension APIResponse {
    /// This response's hints (and its request id, from the header named `requestIDHeader`) around `value`.
    package func answer<Value>(_ value: Value, requestIDHeader: String? = nil) -> APIAnswer<Value> {
        APIAnswer(
            value: value, rateLimit: rateLimit, rateLimitRemaining: rateLimitRemaining,
            requestID: requestIDHeader.flatMap { headers.first(name: $0) })
    }
}
