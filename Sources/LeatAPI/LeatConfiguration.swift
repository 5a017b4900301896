import Foundation

/// Where the Leat API is and how to authenticate: `LEAT_API_URL` and `LEAT_API_TOKEN` (or a
/// token file). Plain `http://` is accepted for loopback hosts only, so a token never crosses a
/// network unencrypted.
public struct LeatConfiguration: Sendable {
    public static let defaultURL = "https://api.piggy.eu/api/v3/oauth/clients"

    /// The base URL, without a trailing slash.
    public var baseURL: String
    /// The bearer token (a personal access token or API key). Never printed.
    public var token: String

    /// Checks the URL's scheme and host; throws a ``LeatConfigurationError`` saying what to fix.
    public init(baseURL: String = defaultURL, token: String) throws(LeatConfigurationError) {
        let trimmed = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(), let host = url.host else {
            throw LeatConfigurationError(message: "LEAT_API_URL '\(baseURL)' is not a URL; expected e.g. \(Self.defaultURL)")
        }
        if scheme == "http" && !Self.isLoopback(host) {
            throw LeatConfigurationError(message: "LEAT_API_URL '\(baseURL)' uses plain http:// to a remote host; use https:// (http:// is only for localhost)")
        }
        guard scheme == "http" || scheme == "https" else {
            throw LeatConfigurationError(message: "LEAT_API_URL '\(baseURL)' must start with https://")
        }
        guard !token.isEmpty else {
            throw LeatConfigurationError(message: "no Leat token: set LEAT_API_TOKEN or pass --token-file PATH")
        }
        self.baseURL = trimmed
        self.token = token
    }

    /// From the environment (`LEAT_API_URL`, `LEAT_API_TOKEN`) or, when given, a file holding the token.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment,
                                       tokenFile: String? = nil) throws(LeatConfigurationError) -> LeatConfiguration {
        var token = environment["LEAT_API_TOKEN"] ?? ""
        if let tokenFile {
            guard let text = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
                throw LeatConfigurationError(message: "cannot read the token file '\(tokenFile)'")
            }
            token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return try LeatConfiguration(baseURL: environment["LEAT_API_URL"] ?? defaultURL, token: token)
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }
}

/// The Leat settings cannot work: a usage error (exit 2) with what to fix.
public struct LeatConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
