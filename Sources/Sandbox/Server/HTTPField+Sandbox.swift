import HTTPTypes

/// Header names the sandbox reads or writes.
extension HTTPField.Name {
    static let rateLimitLimit = Self("X-RateLimit-Limit")!
    static let rateLimitRemaining = Self("X-RateLimit-Remaining")!
    static let rateLimitReset = Self("X-RateLimit-Reset")!
    static let sandboxDrop = Self("X-Sandbox-Drop")!
    static let capRequestID = Self("X-Cap-Requestid")!
    static let capOAuthToken = Self("X-CAP-API-OAUTH-TOKEN")!
}
