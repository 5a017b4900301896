import Foundation
import HTTPKit
import TextFormats

/// Where the Leat API is and how to authenticate: `LEAT_API_URL` and `LEAT_API_TOKEN` (or a
/// token file). Plain `http://` is accepted for loopback hosts only, so a token never crosses a
/// network unencrypted.
public struct LeatConfiguration: Sendable {
    public static let defaultURL = "https://api.piggy.eu/api/v3/oauth/clients"

    /// The base URL, without a trailing slash.
    public var baseURL: String
    /// The bearer token (a personal access token or API key). Never printed.
    public var token: String

    /// Checks the URL's scheme and host; throws a ``ConfigurationError`` saying what to fix.
    public init(baseURL: String = defaultURL, token: String) throws(ConfigurationError) {
        self.baseURL = try EndpointURL.checked(baseURL, variable: "LEAT_API_URL", example: Self.defaultURL)
        guard !token.isEmpty else {
            throw ConfigurationError(message: "no Leat token: set LEAT_API_TOKEN or pass \(Setting.tokenFile.mention("PATH"))")
        }
        self.token = token
    }

    /// From the environment (`LEAT_API_URL`, `LEAT_API_TOKEN`) or, when given, a file holding the token.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        tokenFile: String? = nil
    ) throws(ConfigurationError) -> LeatConfiguration {
        let token =
            try tokenFile.map { path throws(ConfigurationError) in try EndpointURL.secret(fromFile: path) } ?? environment["LEAT_API_TOKEN"]
            ?? ""
        return try LeatConfiguration(baseURL: environment["LEAT_API_URL"] ?? defaultURL, token: token)
    }
}
