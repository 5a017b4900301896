/// The file's columns do not fit the mapping: a usage error that stops the job before any row.
public struct MappingError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }

    public init(message: String) {
        self.message = message
    }
}
