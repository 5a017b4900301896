import Hummingbird
import NIOCore
import Synchronization

/// The host names the desk answers to. A page of another site that points its own name at this
/// machine (DNS rebinding) reaches the desk under that name, and is refused: without sign-in only
/// `127.0.0.1`, `localhost` and `[::1]` are served; with sign-in, also `--host` and each
/// `--allowed-host`. A port named in the `Host` header must be the desk's.
final class ServedHosts: Sendable {
    static let loopback: Set<String> = ["127.0.0.1", "localhost", "::1"]

    let names: Set<String>
    /// The port the desk listens on, once it does (a free port is known only then); 0 before.
    private let port: Atomic<Int>

    init(configuration: DeskConfiguration) {
        var names = Self.loopback
        let host = configuration.host.lowercased()
        if !DeskConfiguration.isWildcard(host) { names.insert(host) }
        if configuration.users != nil { names.formUnion(configuration.allowedHosts.map { $0.lowercased() }) }
        self.names = names
        port = Atomic(configuration.port)
    }

    /// The desk listens on `port`.
    func listening(on port: Int) {
        self.port.store(port, ordering: .relaxed)
    }

    /// Whether `authority` (a `Host` header: `name`, `name:port` or `[v6]:port`) is the desk's.
    func serves(_ authority: String) -> Bool {
        guard let (name, port) = Self.split(authority), names.contains(name) else { return false }
        let listening = self.port.load(ordering: .relaxed)
        return port == nil || listening == 0 || port == listening
    }

    /// The host name (lower-cased, without brackets or a final dot) and port of `authority`.
    static func split(_ authority: String) -> (name: String, port: Int?)? {
        var text = Substring(authority.lowercased())
        var port: Int?
        if let colon = text.lastIndex(of: ":"), !text[colon...].contains("]") {
            guard let number = Int(text[text.index(after: colon)...]), (0...65_535).contains(number) else { return nil }
            port = number
            text = text[..<colon]
        }
        if text.hasPrefix("[") {
            guard text.hasSuffix("]") else { return nil }
            text = text.dropFirst().dropLast()
        }
        if text.hasSuffix(".") { text = text.dropLast() }
        return text.isEmpty ? nil : (String(text), port)
    }

    /// The names as a person reads them, for the refusal.
    var listed: String {
        names.sorted().map { $0.contains(":") ? "[\($0)]" : $0 }.joined(separator: ", ")
    }
}

extension ServedHosts: RouterMiddleware {
    typealias Context = DeskContext

    /// Refuses (421) a request whose `Host` is not one of the desk's names, before anything else.
    func handle(_ request: Request, context: DeskContext, next: (Request, DeskContext) async throws -> Response) async throws -> Response {
        guard let authority = request.head.authority, serves(authority) else {
            // Said in the browser's language: the middleware that sets it comes after this one.
            let language = DeskLanguage.chosen(
                cookie: request.cookies[DeskLanguage.cookie]?.value, acceptLanguage: request.headers[.acceptLanguage])
            let text = DeskLanguage.$current.withValue(language) { Words.say(.otherSiteRefused, ["names": listed]) } + "\n"
            return Response(
                status: .misdirectedRequest, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        return try await next(request, context)
    }
}
