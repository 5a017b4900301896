import Foundation
import Hummingbird

/// The request context of the sandbox: bodies are JSON or form-encoded (the PHP SDK sends forms),
/// and the credential the request was authenticated with, for the per-credential rate limit.
struct SandboxContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The Leat token or Capillary user of the request, once authenticated.
    var credential = ""

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    var requestDecoder: SandboxRequestDecoder { SandboxRequestDecoder() }
}

/// Decodes JSON bodies, or `application/x-www-form-urlencoded` ones (`attributes[firstname]=Jan`).
struct SandboxRequestDecoder: RequestDecoder {
    func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        if request.hasFormBody {
            return try await URLEncodedFormDecoder().decode(type, from: request, context: context)
        }
        return try await JSONDecoder().decode(type, from: request, context: context)
    }
}

extension Request {
    /// Whether the body is `application/x-www-form-urlencoded` (otherwise it is read as JSON).
    var hasFormBody: Bool {
        headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true
    }

    /// A query parameter, whether or not the client percent-encoded the brackets of its name.
    func query(_ name: String) -> String? {
        let parameters = uri.queryParameters
        if let value = parameters.get(name) { return value }
        let encoded = name.replacingOccurrences(of: "[", with: "%5B").replacingOccurrences(of: "]", with: "%5D")
        return parameters.get(encoded)
    }
}
