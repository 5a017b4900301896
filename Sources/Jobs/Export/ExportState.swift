import BatchKit
import Foundation

/// The state of nightly incremental contact exports (`--state PATH`): the highest `created_at`
/// exported so far, and the contacts exported inside the overlap window before it.
///
/// The next run asks for contacts from the watermark minus the overlap, and leaves out those it
/// finds in the window list: a contact created while a run went on, or a little out of order, is
/// exported by the next run, and none twice. The state moves only once the output is complete.
struct ExportState: Codable, Sendable {
    struct Exported: Codable, Sendable {
        var uuid: String
        var createdAt: Date
    }

    var entity = ExportEntity.contacts.rawValue
    var watermark: Date?
    var overlap: [Exported] = []

    /// The state at `path`; an empty one when there is none yet.
    static func load(path: String) throws -> ExportState {
        guard let data = FileManager.default.contents(atPath: path) else { return ExportState() }
        do {
            return try decoder.decode(ExportState.self, from: data)
        } catch {
            throw InputError(path: path, message: "is not an export state file (\(error)); remove it to start over with a full export")
        }
    }

    /// Writes the state to `path` atomically (temp file, fsync, rename), owner-only.
    func save(path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try AtomicFile.write(try encoder.encode(self), to: path)
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }
}

/// Tracks, during a run, what the next state will be.
struct WatermarkTracker {
    let window: TimeInterval
    private(set) var watermark: Date?
    /// Exported in the last `window` before the watermark, oldest first.
    private var recent: [ExportState.Exported] = []
    private var knownInWindow: Set<String>
    /// Old entries are dropped when `recent` grows to this (amortised: the bound doubles).
    private var pruneAt = 4096

    init(state: ExportState, overlap: Duration) {
        window = overlap.seconds
        watermark = state.watermark
        recent = state.overlap
        knownInWindow = Set(state.overlap.map(\.uuid))
    }

    /// Where this run starts: the watermark minus the overlap (nil for the first run).
    var start: Date? { watermark.map { $0.addingTimeInterval(-window) } }

    /// Whether the previous run already exported `uuid` (inside the overlap window).
    func exportedBefore(_ uuid: String) -> Bool { knownInWindow.contains(uuid) }

    mutating func record(uuid: String, createdAt: Date) {
        recent.append(ExportState.Exported(uuid: uuid, createdAt: createdAt))
        if watermark.map({ createdAt > $0 }) ?? true { watermark = createdAt }
        // Rows come in created_at order, so the window's start only moves forward.
        if recent.count >= pruneAt, let watermark {
            let from = watermark.addingTimeInterval(-window)
            recent.removeAll { $0.createdAt < from }
            pruneAt = max(4096, 2 * recent.count)
        }
    }

    /// The state to save once the output is complete.
    var state: ExportState {
        let from = watermark?.addingTimeInterval(-window)
        return ExportState(watermark: watermark, overlap: recent.filter { from == nil || $0.createdAt >= from! })
    }
}
