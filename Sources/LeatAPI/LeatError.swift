import HTTPKit

/// Leat, as its errors name it.
public enum LeatService: APIService {
    public static let name = "Leat"
}

/// A failed Leat call: Leat's own error (`{"message", "code", "status_code"}`, its code one of
/// ``LeatCode``), an HTTP status without that body, or no answer at all.
public typealias LeatError = APIError<LeatService>
