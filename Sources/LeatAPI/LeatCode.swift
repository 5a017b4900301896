/// The codes of Leat's error answers that the tool acts on, in one place (from Leat's documents
/// and its official SDK); any other code is passed on as Leat gave it.
public enum LeatCode {
    /// A value Leat refuses: of the wrong type, or for an attribute it does not have.
    public static let invalidValue = 1003
    /// No shop with the uuid given.
    public static let shopNotFound = 1008
    /// More credits in one reception than the account allows.
    public static let creditsLimit = 1015
    /// No contact with the uuid or email given (also: one whose creation Leat has queued).
    public static let contactNotFound = 55031
    /// The account's usage limit is reached: nothing more will pass.
    public static let usageLimitReached = 60000
    /// A credit reception is still being made: it may yet be applied.
    public static let receptionInProgress = 60001
    /// A contact with this email exists already.
    public static let contactAlreadyExists = 60005
    /// A loyalty-transaction attribute of this name exists already.
    public static let attributeExists = 60009
}
