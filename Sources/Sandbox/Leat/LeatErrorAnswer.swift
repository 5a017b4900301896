import Hummingbird

/// A Leat API error: HTTP 400 (or 401/404) with `{"message", "code", "status_code"}` and, for
/// invalid input, `errors` in the shape of ``LeatErrorsStyle`` (by default `{field: [messages]}`).
struct LeatErrorAnswer: HTTPResponseError {
    var status: HTTPResponse.Status = .badRequest
    var code: Int?
    var message: String
    var errors: [String: [String]]?
    /// How `errors` is written (``ErrorsStyleMiddleware`` sets the sandbox's).
    var style = LeatErrorsStyle.arrays

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var body: JSONObject = ["message": .string(message)]
        if let code { body.append("code", .int(code)) }
        body.append("status_code", .int(status.code))
        switch style {
        case .arrays:
            if let errors { body.append("errors", .object(JSONObject(sorting: errors.mapValues { .array($0.map { .string($0) }) }))) }
        case .strings:
            if let errors { body.append("errors", .object(JSONObject(sorting: errors.mapValues { .string($0.joined(separator: " ")) }))) }
        case .empty:
            // PHP writes an empty map as an empty array, and says nothing about the fields.
            body.append("errors", .array([]))
        case .absent:
            break
        }
        return jsonResponse(.object(body), status: status)
    }

    static func invalidInput(_ field: String, _ problem: String) -> LeatErrorAnswer {
        LeatErrorAnswer(code: 1003, message: "Invalid input.", errors: [field: [problem]])
    }
    static let unreadableBody = invalidInput("body", "The request body could not be read as JSON or form data.")
    static let contactNotFound = LeatErrorAnswer(code: 55031, message: "Contact not found.")
    static let usageLimitReached = LeatErrorAnswer(code: 60000, message: "Usage limit reached.")
    static let identifierNotFound = LeatErrorAnswer(code: 60003, message: "Contact identifier not found.")
    static let contactExists = LeatErrorAnswer(code: 60005, message: "Contact already exists.")
    static let identifierLinked = LeatErrorAnswer(code: 60014, message: "Contact identifier is already linked.")
    static let contactNotAnonymous = LeatErrorAnswer(code: 60016, message: "Contact not anonymous.")
    static let shopNotFound = LeatErrorAnswer(code: 1008, message: "Shop not found.")
    static let creditsLimit = LeatErrorAnswer(code: 1015, message: "Maximum amount of credits reached.")
    static let receptionInProgress = LeatErrorAnswer(code: 60001, message: "Credit reception creating in progress.")
    static let unitNotFound = LeatErrorAnswer(code: 60007, message: "Unit not found.")
    static let attributeExists = LeatErrorAnswer(code: 60009, message: "Attribute already exists.")
    static let unauthenticated = LeatErrorAnswer(status: .unauthorized, message: "Unauthenticated.")
    static let notFound = LeatErrorAnswer(status: .notFound, message: "Not found.")
}

/// The shapes in which Leat's `errors` field has been seen (the official SDK was fixed for them
/// in 2025): a map of arrays, a map of strings, an empty array, or no field at all.
public enum LeatErrorsStyle: String, Sendable, CaseIterable {
    case arrays, strings, empty, absent
}

/// Writes every Leat error of the routes after it in the sandbox's ``LeatErrorsStyle``.
struct ErrorsStyleMiddleware<Context: RequestContext>: RouterMiddleware {
    let style: LeatErrorsStyle

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch var error as LeatErrorAnswer {
            error.style = style
            throw error
        }
    }
}
