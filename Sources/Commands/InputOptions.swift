import ArgumentParser
import BatchKit
import Jobs

/// How input files are read: shared by `check`, `import` and `invite`.
struct InputOptions: ParsableArguments {
    @Option(help: "Input format: csv, ndjson or xlsx (default: by extension: .ndjson/.jsonl are NDJSON, .xlsx/.xlsm Excel workbooks).")
    var format: InputFormat?

    @Option(
        help: ArgumentHelp(
            "The sheet of an Excel workbook to read, by name or number from 1 (default: the first visible sheet).", valueName: "name|n"))
    var sheet: String?

    @Option(help: ArgumentHelp("CSV delimiter: ',', ';', '\\t' (tab) or '|' (default: sniffed from the first lines).", valueName: "char"))
    var delimiter: String?

    @Option(
        help: "Text encoding: auto (UTF-8, falling back to Windows-1252 with a warning), utf-8 (stop at an invalid byte) or windows-1252.")
    var encoding: TextEncodingChoice = .auto

    @Option(
        help:
            "A field (or NDJSON line) larger than this many bytes fails its row; a workbook cell or shared string larger than this stops the reading."
    )
    var maxFieldBytes: Int = 1 << 20

    @Option(
        help: ArgumentHelp(
            "A workbook whose shared strings (the text of its cells, held in memory) are larger than this is not read.", valueName: "MB"))
    var maxSharedStringsMb = 256

    @Option(help: ArgumentHelp("A part of a workbook that unpacks to more than this is not read (a decompression bomb).", valueName: "MB"))
    var maxInflatedMb = 2048

    func validate() throws {
        if let delimiter, Self.delimiterByte(delimiter) == nil {
            throw ValidationError("--delimiter '\(delimiter)' is not one byte; use ',', ';', '\\t' or '|'")
        }
        if !(1...(1 << 30)).contains(maxFieldBytes) { throw ValidationError("--max-field-bytes must be between 1 and 1073741824 (1 GiB)") }
        if !(1...65_536).contains(maxSharedStringsMb) { throw ValidationError("--max-shared-strings-mb must be between 1 and 65536") }
        if !(1...(1 << 20)).contains(maxInflatedMb) { throw ValidationError("--max-inflated-mb must be between 1 and 1048576") }
    }

    var readOptions: ReadOptions {
        var options = ReadOptions()
        options.format = format
        options.sheet = sheet
        options.delimiter = delimiter.flatMap(Self.delimiterByte)
        options.encoding = encoding
        options.maxFieldBytes = maxFieldBytes
        options.maxSharedStringBytes = maxSharedStringsMb << 20
        options.maxInflatedBytes = maxInflatedMb << 20
        return options
    }

    static func delimiterByte(_ text: String) -> UInt8? {
        switch text {
        case "\\t", "tab", "\t": return 0x09
        default: return text.utf8.count == 1 ? text.utf8.first : nil
        }
    }
}

/// How columns become a contact: shared by `check` and `import contacts`.
struct ContactMappingOptions: ParsableArguments {
    @Option(
        name: .customLong("map"),
        help: ArgumentHelp(
            "Map a column: 'Column=target', target email, referral_code, an attribute name, or - to ignore it. Repeatable.",
            valueName: "Column=target"))
    var maps: [String] = []

    @Option(help: "Columns no --map names: attribute (sent as attributes of the same name), ignore, or error.")
    var unmapped: UnmappedColumns = .attribute

    @Option(help: "Empty cells: ignore (leave the contact's value) or clear (send it empty).")
    var blank: BlankCells = .ignore

    @Option(
        name: .customLong("on-duplicate"),
        help: "The same email on several rows: first, last (applied in order), merge (never cleared by a later blank), or fail.")
    var onDuplicate: DuplicateRule = .last

    func validate() throws {
        try validateMaps(maps, example: "--map 'E-mailadres=email'")
    }

    var mappingOptions: MappingOptions {
        var options = MappingOptions()
        options.renames = maps.compactMap(ColumnNames.parseRename)
        options.unmapped = unmapped
        options.blank = blank
        options.duplicates = onDuplicate
        return options
    }
}

/// Checks that every `--map` value is `Column=target`.
func validateMaps(_ maps: [String], example: String) throws {
    for map in maps where ColumnNames.parseRename(map) == nil {
        throw ValidationError("--map '\(map)' is not of the form 'Column=target', e.g. \(example)")
    }
}

extension InputFormat: ExpressibleByArgument {}
extension TextEncodingChoice: ExpressibleByArgument {}
extension UnmappedColumns: ExpressibleByArgument {}
extension BlankCells: ExpressibleByArgument {}
extension DuplicateRule: ExpressibleByArgument {}
