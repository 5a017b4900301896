/// The phrases the desk says from code (its pages' words are in the templates), by key: every
/// catalogue has each of them (a test says which one misses one).
enum Phrase: String, CaseIterable {
    case titleUpload, titleCheck, titlePreview, titleExports, titleSignIn
    case detectedCSV, detectedExcelCSV, detectedWorkbook, detectedNDJSON, windows1252, tooManyColumns
    case leaveOut, newAttribute
    case notCSVNDJSONOrWorkbook, refusedUnreadable, refusedEmpty, refusedPDF, refusedImage, refusedOldExcel, refusedZip
    case refusedNotWorkbook, refusedBinary
    case mapChoicesCount, mapOneEmail, mapRules, mapNotPointsColumn, mapOneColumnAtMost, mapMemberEmail, mapOnePoints
    case mapNotInviteField, mapIdentifier, mapReferrer, mapType, mapCampaignToken
    case exportChooseList, exportChooseFormat, exportFirstDayNotDate, exportLastDayNotDate, exportEndsBeforeStart, exportInterrupted
    case headingQueued, headingStopped, headingInterrupted, runFailedBeforeSending
    case progressRows, progressLeft, progressDone, previewProgress
    case stateQueued, stateRunning, stateExporting, stateUploaded, stateMapped, stateInterrupted, stateStopped, stateDone
    case stateNotRun, stateFailed, stateExportInterrupted
    case signInTooMany, signInWrong
    case fixedReady, fixedStill, fixedToSend
    case stoppedBeforeItBegan, noCapillaryHere, otherSiteRefused
}

/// A page that says why the desk cannot do what was asked: its heading (`problem.<case>`) and
/// its text (`problem.<case>.text`), in the request's language.
enum PageProblem: String, CaseIterable {
    case noSuchJob, refused, noFile, tooLarge, tooSlow, uploadFailed, noInvites, notSpreadsheet, unreadableUpload, unreadable
    case mappingIncomplete, notChecked, previewFailed, beingChecked, jobRunning, fixNotKept, notFixable, fixWhileRunning
    case exportRunning, noSuchExport, exportCannotStart

    var heading: String { "page." + rawValue }
    var text: String { "page." + rawValue + ".text" }
}
