/// A points import's reconciliation, as figures: the file's points for the members it settled
/// against what Leat holds for them now, and what was credited and debited. A front end words it
/// in its language; the summary's last note is the English.
public struct PointsBooks: Sendable, Codable, Equatable {
    public var members = 0
    /// The points the file gives these members (a balance to reach, or points to add).
    public var filePoints = 0
    /// What Leat holds for them now, from its answers (set mode).
    public var leatPoints = 0
    public var credited = 0
    public var debited = 0
    /// Members whose balance Leat's answers did not show.
    public var unknown = 0
    /// Up to ten members whose balance in Leat differs from the file's.
    public var differing: [String] = []
    /// The file's points are balances to reach (false: points to add).
    public var setsBalances = false
    /// A dry run: what it would move.
    public var dryRun = false

    public init() {}
}
