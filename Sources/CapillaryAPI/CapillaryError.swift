import HTTPKit

/// Capillary, as its errors name it.
public enum CapillaryService: APIService {
    public static let name = "Capillary"
}

/// A failed Capillary call: Capillary's own status (`{"response": {"status": …}}`), an HTTP
/// status without that body, no answer at all, or an answer that could not be read (which leaves
/// unknown whether the invites were stored).
public typealias CapillaryError = APIError<CapillaryService>
