import Foundation
import TextFormats
import ZIPFoundation

/// An `.xlsx` workbook opened for reading: its sheets, its shared strings (the one part held in
/// memory), which cell styles are dates, and its date system. Worksheets are read as a stream
/// by ``ExcelSheetReader``.
final class ExcelWorkbook {
    /// A sheet as the workbook lists it.
    struct Sheet {
        var name: String
        var hidden: Bool
        /// The worksheet's path in the archive (`xl/worksheets/sheet1.xml`).
        var path: String
    }

    let path: String
    let archive: Archive
    /// The limits on what a part may inflate to and hold (``ReadOptions``).
    let limits: ReadOptions
    private(set) var sheets: [Sheet] = []
    private(set) var sharedStrings: [String] = []
    /// Per cell style (`s`), whether numbers in it show as dates or times.
    private(set) var dateStyles: [ExcelDateKind?] = []
    /// The 1904 date system (Excel for Mac before 2011): serial 0 is 1904-01-01.
    private(set) var date1904 = false

    /// Opens the workbook at `path` and reads all but its worksheets, within `limits`.
    init(path: String, limits: ReadOptions) throws(InputError) {
        self.path = path
        self.limits = limits
        guard path != "-" else {
            throw InputError(
                path: path,
                message: "a workbook cannot be read from standard input (its parts are found from the end of the file); pass its path")
        }
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw Self.notAWorkbook(path)
        }
        guard let workbook = archive["xl/workbook.xml"] else {
            throw InputError(
                path: path, message: "is a zip file but not an Excel workbook (it has no xl/workbook.xml); save it from Excel as .xlsx",
                phrasing: .input(.zipNotWorkbook))
        }
        let book = WorkbookPart()
        try read(workbook, into: book)
        date1904 = book.date1904
        let relations = RelationsPart()
        if let entry = archive["xl/_rels/workbook.xml.rels"] { try read(entry, into: relations) }
        sheets = book.sheets.map { sheet in
            let target = relations.targets[sheet.id] ?? ""
            let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            return Sheet(name: sheet.name, hidden: sheet.hidden, path: path)
        }
        if let entry = archive["xl/styles.xml"] {
            let styles = StylesPart()
            try read(entry, into: styles)
            dateStyles = styles.formats.map { ExcelDateKind(formatID: $0, code: styles.codes[$0]) }
        }
        if let entry = archive["xl/sharedStrings.xml"] {
            let strings = SharedStringsPart(maxItemBytes: limits.maxFieldBytes, maxTotalBytes: limits.maxSharedStringBytes)
            try read(entry, into: strings)
            sharedStrings = strings.strings
        }
    }

    /// The sheet `choice` names (its name, or its number from 1 among all sheets), or the first
    /// visible one; a name or number that matches none lists the sheets there are.
    func sheet(_ choice: String?) throws(InputError) -> Sheet {
        let found: Sheet?
        if let choice {
            found =
                sheets.first { $0.name == choice } ?? sheets.first { $0.name.lowercased() == choice.lowercased() }
                ?? Int(choice).flatMap { $0 >= 1 && $0 <= sheets.count ? sheets[$0 - 1] : nil }
        } else {
            found = sheets.first { !$0.hidden }
        }
        guard let found, archive[found.path] != nil else {
            let names = sheets.enumerated().map { "\($0.offset + 1). '\($0.element.name)'\($0.element.hidden ? " (hidden)" : "")" }
            let what = choice.map { "has no sheet '\($0)'" } ?? "has no visible sheet"
            let listed = names.isEmpty ? "none" : names.joined(separator: ", ")
            throw InputError(
                path: path,
                message:
                    "\(what); its sheets: \(listed) (choose one with \(Setting.sheet.mention("NAME")) or \(Setting.sheet.mention("N")))",
                phrasing: choice.map { .input(.noSheet, ["sheet": "\($0)", "sheets": "\(listed)"]) }
                    ?? .input(.noVisibleSheet, ["sheets": "\(listed)"]))
        }
        return found
    }

    /// Streams the archive entry `entry` through `handler`, stopping (with the reason) once it
    /// inflates past ``ReadOptions/maxInflatedBytes`` or the handler refuses what it holds.
    func read(_ entry: Entry, into handler: any XMLHandler, each: (Int) throws -> Void = { _ in }) throws(InputError) {
        let limit = limits.maxInflatedBytes
        let tooLarge = InputError(
            path: path,
            message:
                "its part \(entry.path) unpacks to more than \(limit >> 20) MB (\(Setting.maxInflatedMB.mention())): a workbook that grows this much when unpacked is damaged or built to exhaust memory; save it again from Excel, or raise the limit if you trust it",
            phrasing: .input(.partTooLarge, ["part": "\(entry.path)", "megabytes": "\(limit >> 20)"]))
        guard entry.uncompressedSize <= UInt64(limit) else { throw tooLarge }
        let stream = XMLStream(handler: handler)
        var inflated = 0
        do {
            _ = try archive.extract(entry, bufferSize: 1 << 16, skipCRC32: false) { data in
                inflated += data.count
                guard inflated <= limit else { throw tooLarge }
                try data.withUnsafeBytes { try stream.feed($0) }
                if var refusal = handler.refusal {
                    refusal.path = path
                    throw refusal
                }
                try each(data.count)
            }
            try stream.finish()
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(
                path: path, message: "its part \(entry.path) is unreadable (\(error)); open it in Excel and save it again",
                phrasing: .input(.partUnreadable, ["part": "\(entry.path)"]))
        }
    }

    /// Why a file that should be a workbook is not one, with what to do.
    private static func notAWorkbook(_ path: String) -> InputError {
        let head = FileManager.default.contents(atPath: path)?.prefix(8) ?? Data()
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            return InputError(
                path: path,
                message:
                    "is an Excel 97–2003 workbook (.xls) or a password-protected one: save it from Excel as .xlsx (Excel Workbook), without a password",
                phrasing: .input(.oldExcel))
        }
        return InputError(
            path: path,
            message:
                "is not an Excel workbook (.xlsx is a zip file; this one is not): save it from Excel as .xlsx, or pass \(Setting.format.mention("csv")) if it is text",
            phrasing: .input(.notAWorkbook))
    }
}

/// `xl/workbook.xml`: the sheets in order, and the date system.
private final class WorkbookPart: XMLHandler {
    var sheets: [(name: String, id: String, hidden: Bool)] = []
    var date1904 = false

    func start(_ name: UnsafePointer<UInt8>, _ attributes: XMLAttributes) {
        if XMLName.equals(name, "sheet") {
            let state = attributes.value("state") ?? "visible"
            sheets.append(
                (attributes.value("name") ?? "", attributes.value("id", prefix: "r") ?? attributes.value("id") ?? "", state != "visible"))
        } else if XMLName.equals(name, "workbookPr") {
            let value = attributes.value("date1904")
            date1904 = value == "1" || value == "true"
        }
    }
    func end(_ name: UnsafePointer<UInt8>) {}
    func characters(_ text: UnsafeBufferPointer<UInt8>) {}
}

/// `xl/_rels/workbook.xml.rels`: where each sheet's part is.
private final class RelationsPart: XMLHandler {
    var targets: [String: String] = [:]

    func start(_ name: UnsafePointer<UInt8>, _ attributes: XMLAttributes) {
        guard XMLName.equals(name, "Relationship"), let id = attributes.value("Id"), let target = attributes.value("Target") else { return }
        targets[id] = target
    }
    func end(_ name: UnsafePointer<UInt8>) {}
    func characters(_ text: UnsafeBufferPointer<UInt8>) {}
}

/// `xl/styles.xml`: each cell style's number format, and the workbook's own format codes.
private final class StylesPart: XMLHandler {
    var formats: [Int] = []
    var codes: [Int: String] = [:]
    private var inCellStyles = false

    func start(_ name: UnsafePointer<UInt8>, _ attributes: XMLAttributes) {
        if XMLName.equals(name, "numFmt"), let id = attributes.value("numFmtId").flatMap({ Int($0) }) {
            codes[id] = attributes.value("formatCode")
        } else if XMLName.equals(name, "cellXfs") {
            inCellStyles = true
        } else if inCellStyles, XMLName.equals(name, "xf") {
            formats.append(attributes.value("numFmtId").flatMap { Int($0) } ?? 0)
        }
    }
    func end(_ name: UnsafePointer<UInt8>) {
        if XMLName.equals(name, "cellXfs") { inCellStyles = false }
    }
    func characters(_ text: UnsafeBufferPointer<UInt8>) {}
}

/// `xl/sharedStrings.xml`: each string, its rich-text runs joined, its phonetic guides left out.
/// Held in memory, they are refused past a size: one string over `maxItemBytes`, or all of them
/// over `maxTotalBytes`.
private final class SharedStringsPart: XMLHandler {
    var strings: [String] = []
    private(set) var refusal: InputError?
    private var text = InlineText()
    private var total = 0
    private let maxItemBytes: Int
    private let maxTotalBytes: Int

    init(maxItemBytes: Int, maxTotalBytes: Int) {
        self.maxItemBytes = maxItemBytes
        self.maxTotalBytes = maxTotalBytes
    }

    func start(_ name: UnsafePointer<UInt8>, _ attributes: XMLAttributes) {
        if XMLName.equals(name, "si") { text.begin() } else { text.start(name) }
    }
    func end(_ name: UnsafePointer<UInt8>) {
        guard XMLName.equals(name, "si") else { return text.end(name) }
        let string = text.string
        total += string.utf8.count
        strings.append(string)
        if total > maxTotalBytes {
            refusal = InputError(
                path: "",
                message:
                    "its shared strings (the text of its cells) are over \(maxTotalBytes >> 20) MB (\(Setting.maxSharedStringsMB.mention())): more than a sheet Excel saves holds; save it again from Excel, or raise the limit if you trust it",
                phrasing: .input(.sharedStringsTooLarge, ["megabytes": "\(maxTotalBytes >> 20)"]))
        }
    }
    func characters(_ text: UnsafeBufferPointer<UInt8>) {
        self.text.characters(text)
        if self.text.byteCount > maxItemBytes {
            refusal = InputError(
                path: "",
                message:
                    "its shared string \(strings.count + 1) is over \(maxItemBytes) bytes (\(Setting.maxFieldBytes.mention())), where Excel holds at most 32,767 characters in a cell: the workbook is damaged or was not saved by Excel; save it again from Excel",
                phrasing: .input(.sharedStringTooLarge, ["number": "\(strings.count + 1)", "bytes": "\(maxItemBytes)"]))
        }
    }
}

/// The text of a string item (`<si>` or a cell's `<is>`): every `<t>` outside `<rPh>` (phonetic
/// guides), joined, with Excel's `_xHHHH_` escapes read back (``ExcelValues/unescaped(_:)``).
struct InlineText {
    private var raw: [UInt8] = []
    private var inText = false
    private var inPhonetic = false

    mutating func begin() {
        raw.removeAll(keepingCapacity: true)
        inText = false
        inPhonetic = false
    }

    mutating func start(_ name: UnsafePointer<UInt8>) {
        if XMLName.equals(name, "t") { inText = !inPhonetic } else if XMLName.equals(name, "rPh") { inPhonetic = true }
    }

    mutating func end(_ name: UnsafePointer<UInt8>) {
        if XMLName.equals(name, "t") { inText = false } else if XMLName.equals(name, "rPh") { inPhonetic = false }
    }

    mutating func characters(_ text: UnsafeBufferPointer<UInt8>) {
        if inText { raw.append(contentsOf: text) }
    }

    /// The text's UTF-8 bytes.
    var bytes: [UInt8] { ExcelValues.unescaped(raw) }

    /// How many bytes of text are held so far (before escapes are read).
    var byteCount: Int { raw.count }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}
