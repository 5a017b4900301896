/// What each page shows: the values its template names, typed. The templates read them by
/// name (swift-mustache reflects a value's stored properties): nil and false leave a section out.

/// Around every page.
struct LayoutPage {
    struct LanguageLink {
        var code: String
        var name: String
        var link: String
        var current: Bool
    }

    var title: String
    var body: String
    var csrf: String
    var lang: String
    var languages: [LanguageLink]
    var user: String?
    var refresh: Int?
}

/// Why the desk cannot do what was asked.
struct ProblemPage {
    var heading: String
    var message: String
}

struct SignInPage {
    var csrf: String
    var problem: String?
}

/// The first page: the upload form and the jobs on the desk.
struct UploadPage {
    struct Job {
        var name: String
        var kind: String
        var who: String
        var uploaded: String
        var started: String
        var state: String
        var ok: String
        var failed: String
        var link: String
    }

    var csrf: String
    var maxMegabytes: String
    var jobs: [Job]
    var hasJobs: Bool
    var invites: Bool
}

/// A choice of a select: its value, its words, whether it is chosen.
struct Choice {
    var value: String
    var label: String
    var selected: Bool
}

/// A row of a table of counts: a code's or an action's words and how many rows.
struct Count {
    var name: String
    var count: String
}

/// A table's links to the pages before and after the one shown, and which one it is.
struct PageLinks {
    struct Position {
        var page: Int
        var pages: Int
    }

    /// Nil when all fits one page.
    var pages: Position?
    var previous: Int?
    var next: Int?
}

/// The table of rows to fix (the `rows-to-fix` part), a page of them.
struct RowsToFixTable {
    struct Cell {
        var column: String
        var value: String
    }

    struct Row {
        var line: Int
        var cells: [Cell]
        var code: String
        var message: String
        /// Its cells are fields, the row a form.
        var fixable: Bool
        /// Fixed after its run, to send again.
        var toSend: Bool
    }

    var links: PageLinks
    var columns: [String]
    var pagePath: String
    /// Some row of the page is fixable: the table has a column for the forms.
    var fixColumn: Bool
    var invalidRows: [Row]
}

/// A run's or a check's progress: rows done of the total, and in words.
struct ProgressShown {
    var done: Int
    var total: Int
    var percent: Int = 0
    var text: String = ""
}

/// The exports: the form, and the exports kept.
struct ExportsPage {
    struct Export {
        var id: String
        var name: String
        var who: String
        var started: String
        var state: String
        var rows: String
    }

    var csrf: String
    var exports: [Export]
    var hasExports: Bool
}

/// One export: its progress, then its figures, or why it has none.
struct ExportPage {
    struct Progress {
        var rows: String
        var pages: Int
        var lastPage: Int?
    }

    struct Figures {
        var rows: String
        var sha256: String
        var credits: String?
    }

    var csrf: String
    var id: String
    var name: String
    var queued: Int?
    var running: Progress?
    var done: Figures?
    var problem: String?
}

/// The check page while its rows wait or are checked.
struct CheckingPage {
    struct Progress {
        var done: String
        var total: String
        var percent: Int
    }

    var id: String
    var csrf: String
    var fileName: String
    var queued: Int?
    var checking: Progress?
}

/// The check page: the rows checked, those to fix, and the run's button.
struct CheckPageView {
    var id: String
    var csrf: String
    var fileName: String
    /// The kind's words (``JobRecord/Kind/words``).
    var words: [String: String]
    var rows: String
    var valid: String
    var invalid: String
    var hasReasons: Bool
    var reasons: [Count]
    var go: String
    var toFix: RowsToFixTable?
    var fixedHere: String?
    var skipped: String?
    /// The name of the rows-to-fix file to download.
    var rowsToFix: String?
    /// What the check of a row fixed just now found.
    var fixNote: String?
}

/// The preview: what each row would do.
struct PreviewPage {
    struct Summary {
        var requests: String
        var actions: [Count]
        var notes: [String]
    }

    struct Line {
        var line: Int
        var key: String
        var action: String
        var message: String
    }

    var id: String
    var csrf: String
    var fileName: String
    var words: [String: String]
    var running: ProgressShown?
    var summary: Summary?
    var lines: [Line] = []
    var hasLines = false
    var links = PageLinks()
}

/// A run's page: waiting, running, or its results.
struct RunPage {
    struct Results {
        var notes: [String]
        var rows: String
        var ok: String
        var failed: String
        var requests: String
        var actions: [Count]
        var errors: [Count]
        var hasErrors: Bool
        var alreadyDone: String?
        var stopped: String?
        /// The name of the rows-to-fix file to download.
        var rowsToFix: String?
    }

    var id: String
    var csrf: String
    var fileName: String
    var heading = ""
    var queued: Int?
    var running: ProgressShown?
    var summary: Results?
    /// How many rows fixed after the run are to be sent again.
    var resend: String?
    /// That a row fixed just now is kept to send again.
    var fixNote: String?
    var toFix: RowsToFixTable?
    var interrupted = false
    var failure: String?
}
