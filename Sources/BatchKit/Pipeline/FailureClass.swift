/// The three kinds of failure: the row's, worth a retry, or the whole job's. Which errors belong to which class is
/// decided in one place per API (the jobs' `ErrorClasses`); the engine and the retry loop only act
/// on the class.
package enum FailureClass: Sendable, Equatable {
    /// The row is wrong (invalid input, already exists, not found …): it fails, the job goes on.
    case row
    /// Worth another try (no answer, HTTP 5xx, 429): retried with backoff, then a row failure —
    /// or job-fatal when the API as a whole is down (``APIHealth``).
    case transient
    /// Nothing more can succeed (401, usage limit): stop the job, resumable.
    case fatal
}
