import Crypto
import Foundation
import HTTPKit
import TextFormats

/// Where Capillary is and how to authenticate: `CAPILLARY_API_URL`, and either
/// `CAPILLARY_USERNAME`/`CAPILLARY_PASSWORD` (sent as `Basic base64(username:md5hex(password))`)
/// or `CAPILLARY_OAUTH_TOKEN` (sent as `X-CAP-API-OAUTH-TOKEN`). Plain `http://` only to loopback.
public struct CapillaryConfiguration: Sendable {
    /// How requests authenticate. Never printed.
    public enum Credential: Sendable, Equatable {
        /// The `Authorization` header's value: `Basic base64(username:md5hex(password))`.
        case basic(header: String)
        /// Sent as `X-CAP-API-OAUTH-TOKEN`.
        case oauth(token: String)

        /// What a server's text must never show: the header, its base64, and the password's MD5;
        /// or the token.
        var secrets: [String] {
            switch self {
            case .oauth(let token):
                return [token]
            case .basic(let header):
                let encoded = String(header.dropFirst("Basic ".count))
                let decoded = Data(base64Encoded: encoded).map { String(decoding: $0, as: UTF8.self) } ?? ""
                let hash = decoded.split(separator: ":", maxSplits: 1).last.map(String.init) ?? ""
                return [header, encoded, hash]
            }
        }
    }

    static let example = "https://eu.api.capillarytech.com"

    /// The cluster's base URL (before `/v1.1`), without a trailing slash.
    public var baseURL: String
    public var credential: Credential

    public init(baseURL: String, credential: Credential) throws(ConfigurationError) {
        self.baseURL = try EndpointURL.checked(baseURL, variable: "CAPILLARY_API_URL", example: Self.example)
        self.credential = credential
    }

    /// Basic auth for `username` and `password`: the password goes out only as its MD5 hex.
    public static func basic(username: String, password: String) -> Credential {
        let hash = Hex.lower(Insecure.MD5.hash(data: Data(password.utf8)))
        return .basic(header: "Basic " + Data("\(username):\(hash)".utf8).base64EncodedString())
    }

    /// From the environment; `passwordFile` replaces `CAPILLARY_PASSWORD`. An OAuth token, when
    /// set, is used rather than the username and password.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        passwordFile: String? = nil
    ) throws(ConfigurationError) -> CapillaryConfiguration {
        guard let url = environment["CAPILLARY_API_URL"], !url.isEmpty else {
            throw ConfigurationError(
                message: "no Capillary URL: set CAPILLARY_API_URL to your cluster, e.g. \(example) (or try \(Setting.sandbox.mention()))")
        }
        let token = environment["CAPILLARY_OAUTH_TOKEN"] ?? ""
        if !token.isEmpty { return try CapillaryConfiguration(baseURL: url, credential: .oauth(token: token)) }
        let username = environment["CAPILLARY_USERNAME"] ?? ""
        let password =
            try passwordFile.map { path throws(ConfigurationError) in try EndpointURL.secret(fromFile: path) } ?? environment[
                "CAPILLARY_PASSWORD"] ?? ""
        guard !username.isEmpty, !password.isEmpty else {
            throw ConfigurationError(
                message:
                    "no Capillary credentials: set CAPILLARY_USERNAME and CAPILLARY_PASSWORD (or \(Setting.passwordFile.mention())), or CAPILLARY_OAUTH_TOKEN"
            )
        }
        return try CapillaryConfiguration(baseURL: url, credential: basic(username: username, password: password))
    }
}
