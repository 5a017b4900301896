import AsyncHTTPClient
import NIOCore
import NIOPosix
import NIOSSL
import TextFormats

#if canImport(Glibc)
    import Glibc
#endif

/// Why no whole answer came, in words a person can act on: what the network, the server or the
/// deadline did, where async-http-client and NIO would say `HTTPClientError.remoteConnectionClosed`
/// or `connection reset (error set): Connection refused (errno: 111)`.
package struct NoAnswer: Error, Sendable, CustomStringConvertible {
    package var description: String
    /// No connection could be made (refused, unreachable, the host name not found, the connect
    /// timeout): the request was never sent, so it cannot have been applied.
    package var neverSent: Bool

    /// What `error`, thrown sending a request to `host` (`name:port`) within `timeout`, means.
    init(_ error: any Error, host: String, timeout: Duration) {
        (description, neverSent) = Self.reading(error, host: host, timeout: timeout)
    }

    /// What happened, and whether it happened before the request was sent, side by side.
    private static func reading(_ error: any Error, host: String, timeout: Duration) -> (String, neverSent: Bool) {
        switch error {
        case let error as HTTPClientError:
            switch error {
            case .deadlineExceeded: ("no whole answer within \(timeout.components.seconds) s (\(Setting.requestTimeout.mention()))", false)
            case .remoteConnectionClosed: ("the server closed the connection before it answered", false)
            case .connectTimeout, .getConnectionFromPoolTimeout:
                ("could not connect to \(host) in time: check the URL and the network", true)
            case .readTimeout: ("the answer stopped coming", false)
            case .cancelled: ("cancelled: the run stopped", false)
            default: ("\(error)", false)
            }
        case let error as NIOConnectionError:
            if let failure = error.connectionErrors.first {
                (reading(failure.error, host: host, timeout: timeout).0, true)
            } else if error.dnsAError != nil || error.dnsAAAAError != nil {
                ("the host name \(error.host) was not found: check the URL", true)
            } else {
                ("could not connect to \(host)", true)
            }
        case let error as IOError: reading(errno: error.errnoCode, host: host) ?? ("\(error)", false)
        case is SocketAddressError: ("the host name of \(host) was not found: check the URL", true)
        case let error as NIOSSLError:
            switch error {
            case .handshakeFailed(let reason): (handshake(failed: "\(reason)", host: host), false)
            case .uncleanShutdown: ("the server closed the TLS connection before it answered", false)
            default: ("TLS: \(error)", false)
            }
        case let error as NIOSSLExtraError where error == .failedToValidateHostname:
            ("the TLS certificate of \(host) is for another host name: check the URL", false)
        case is ResponseAccumulator.ResponseTooBigError: ("the answer was larger than 16 MiB", false)
        default: ("\(error)", false)
        }
    }

    /// Why a TLS handshake failed, from BoringSSL's reason (`…:CERTIFICATE_VERIFY_FAILED`).
    private static func handshake(failed reason: String, host: String) -> String {
        if reason.contains("WRONG_VERSION_NUMBER") {
            return "no TLS at \(host): the server there speaks plain HTTP (for a server on this machine, use http://)"
        }
        if reason.contains("CERTIFICATE_VERIFY_FAILED") {
            return "the TLS certificate of \(host) is not trusted on this machine (behind a company proxy that inspects HTTPS, "
                + "its root certificate must be in the system's trust store)"
        }
        return "the TLS handshake with \(host) failed: \(reason)"
    }

    /// An errno's meaning; the connection refused or unreachable ones come before anything is sent.
    private static func reading(errno: CInt, host: String) -> (String, neverSent: Bool)? {
        switch errno {
        case ECONNREFUSED: ("connection refused: nothing listens at \(host); check the URL, and that the server runs", true)
        case ECONNRESET: ("the server reset the connection", false)
        case EPIPE: ("the server closed the connection while the request was sent", false)
        case EHOSTUNREACH, ENETUNREACH: ("\(host) cannot be reached from this machine: check the network", true)
        case ETIMEDOUT: ("connecting to \(host) timed out: check the URL and the network", false)
        default: nil
        }
    }
}
