/// What a library says, for a front end that says it in its own language: the key of a phrase in
/// the front end's catalogue and the phrase's values. The library's English message goes beside
/// it (``InputError/message``, a run's `stopped`); the CLI prints that, the desk words this.
///
/// A value is text, or a phrase of its own: "reading stopped at line 7: {{why}}", where `why` is
/// the input's own problem, worded the same way.
public struct Phrasing: Sendable, Equatable, Codable {
    /// A value in a phrase.
    public indirect enum Value: Sendable, Equatable, Codable, ExpressibleByStringInterpolation {
        case text(String)
        case phrase(Phrasing)

        public init(stringLiteral value: String) { self = .text(value) }

        /// In JSON, text is a string and a phrase an object.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .text(text)
            } else {
                self = .phrase(try container.decode(Phrasing.self))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let text): try container.encode(text)
            case .phrase(let phrasing): try container.encode(phrasing)
            }
        }
    }

    /// `input.empty`, `stop.fromTheDesk`, `api.noAnswer`: the key's first part is its family.
    public var key: String
    public var values: [String: Value]

    public init(_ key: String, _ values: [String: Value] = [:]) {
        self.key = key
        self.values = values
    }

    /// A phrase of what stops reading a file.
    public static func input(_ key: InputPhrase, _ values: [String: Value] = [:]) -> Phrasing {
        Phrasing("input." + key.rawValue, values)
    }

    /// A phrase of how an API met a request.
    public static func api(_ key: APIPhrase, _ values: [String: Value] = [:]) -> Phrasing {
        Phrasing("api." + key.rawValue, values)
    }

    /// A phrase of what a value must look like.
    public static func accepted(_ key: AcceptedPhrase, _ values: [String: Value] = [:]) -> Phrasing {
        Phrasing("accepted." + key.rawValue, values)
    }

    /// A phrase of a remark on a row that went (or would).
    public static func note(_ key: NotePhrase, _ values: [String: Value] = [:]) -> Phrasing {
        Phrasing("note." + key.rawValue, values)
    }

    /// A phrase of why a run stopped.
    public static func stop(_ key: StopPhrase, _ values: [String: Value] = [:]) -> Phrasing {
        Phrasing("stop." + key.rawValue, values)
    }
}

/// The phrases of what stops reading a file (``Phrasing/input(_:_:)``): every front end that
/// words them has each.
public enum InputPhrase: String, CaseIterable, Sendable {
    /// `what` (an input phrase) at `line`.
    case atLine
    case utf16, empty, headerQuote, headerUnreadable, unclosedQuote
    case oldExcel, notAWorkbook, zipNotWorkbook, partUnreadable, partTooLarge, sharedStringsTooLarge, sharedStringTooLarge
    case cellTooLarge, rowTooLarge, noVisibleSheet, noSheet, sheetEmpty
}

/// The phrases of why a run stopped (``Phrasing/stop(_:_:)``).
public enum StopPhrase: String, CaseIterable, Sendable {
    /// Stopped by its user on a page.
    case fromTheDesk
    /// The desk stopped (its server shut down) while it ran.
    case deskStopped
    /// Reading the input stopped at a line: `why` is the input's phrase.
    case reading
    /// The API asked to wait longer than the run waits: `service`, `seconds`, `most`.
    case waitTooLong
    /// The API's first request failed: `service`, `url`, `outcome` (the API's phrase).
    case connectionCheck
    /// The API's answer stopped the run: `outcome`.
    case answered
    /// The run was stopped before its first row.
    case beforeFirstRow
}

/// The phrases of how an API met a request (``Phrasing/api(_:_:)``): `service` names the API.
public enum APIPhrase: String, CaseIterable, Sendable {
    /// Its own error: `code`, `status`, `message`.
    case answered
    /// An HTTP error without the API's body: `status`, `message`.
    case http
    /// The connection broke before an answer, or none could be made: `message`.
    case noAnswer, notConnected
    /// An answer not as documented: `status`.
    case unreadable
}

/// The phrases of what a value of an attribute's type must look like (``Phrasing/accepted(_:_:)``).
public enum AcceptedPhrase: String, CaseIterable, Sendable {
    case wholeNumber, number, boolean, dateTime, email, url, phone, colour
    /// A date, and what is wrong with this one: `why`.
    case date
    /// An option of a select: `choices`; with `more` left out.
    case oneOf, oneOfMore
    /// Options of a multi-select: `choices` (a phrase).
    case severalOf
    /// What is wrong with a date.
    case writeDate, twoDigitYear, notDayFirst, notMonthFirst, dayOrMonthFirst, noSuchDay
}

/// The phrases of a remark on a row that went or would (``Phrasing/note(_:_:)``): those a preview
/// shows. A remark only a report carries (how a lost answer was settled) has none.
public enum NotePhrase: String, CaseIterable, Sendable {
    /// `attributes` the row sets.
    case with, noChanges
    /// `changes`: each attribute's value before and after.
    case changes
    /// An earlier `line` of the file creates the contact; `attributes` it then sets.
    case createdByLine, createdByLineThenSets
    /// Not in the account's listing, so created; with `attributes`.
    case notInListing, notInListingWith
    case everyValueListed
    /// The same email as an earlier `line`.
    case sameEmailApplied, sameEmailSkipped
    /// A member's `balance`, already as the file says; a change of `before` → `after` (`credits`);
    /// one whose balance is not known; with a `reference`: `note` then the reference.
    case balanceAlready, balanceChange, balanceCredits, withReference
    case pointsEmpty
    /// An invite the referrer already has; the same invite as an earlier `line`.
    case alreadyInvited, sameInvite
}
