import Foundation

/// An API's base URL as a user configures it, checked: `https://`, or plain `http://` to a
/// loopback host only, so that a secret never crosses a network unencrypted.
public enum EndpointURL {
    /// `url` without a trailing slash; `variable` names the setting in the message, `example` is
    /// shown as what to use instead.
    public static func checked(_ url: String, variable: String, example: String) throws(ConfigurationError) -> String {
        let trimmed = url.hasSuffix("/") ? String(url.dropLast()) : url
        guard let parsed = URL(string: trimmed), let scheme = parsed.scheme?.lowercased(), let host = parsed.host else {
            throw ConfigurationError(message: "\(variable) '\(url)' is not a URL; expected e.g. \(example)")
        }
        if scheme == "http" && !isLoopback(host) {
            throw ConfigurationError(
                message: "\(variable) '\(url)' uses plain http:// to a remote host; use https:// (http:// is only for localhost)")
        }
        guard scheme == "http" || scheme == "https" else {
            throw ConfigurationError(message: "\(variable) '\(url)' must start with https://")
        }
        return trimmed
    }

    /// Whether `host` is this machine only: `localhost`, `::1` (`[::1]` in a URL) or an IPv4
    /// address in 127.0.0.0/8 (`127.evil.example` is a name anyone can point anywhere).
    public static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased()
        if host == "localhost" || host == "::1" || host == "[::1]" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { (1...3).contains($0.count) && UInt8($0) != nil } && parts[0] == "127"
    }

    /// The contents of a secret file, without surrounding white space.
    public static func secret(fromFile path: String) throws(ConfigurationError) -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigurationError(message: "cannot read the secret file '\(path)'")
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// A setting (URL, credentials) cannot work: a usage error (exit 2) with what to fix.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }

    public init(message: String) {
        self.message = message
    }
}
