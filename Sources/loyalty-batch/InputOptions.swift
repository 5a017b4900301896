import ArgumentParser
import BatchKit

/// How input files are read and mapped: shared by `check`, `import` and `invite`.
struct InputOptions: ParsableArguments {
    @Option(help: "Input format: csv or ndjson (default: by extension, .ndjson/.jsonl are NDJSON).")
    var format: InputFormat?

    @Option(help: ArgumentHelp("CSV delimiter: ',', ';', '\\t' (tab) or '|' (default: sniffed from the first lines).", valueName: "char"))
    var delimiter: String?

    @Option(help: "Text encoding: auto (UTF-8, falling back to Windows-1252 with a warning), utf-8 (stop at an invalid byte) or windows-1252.")
    var encoding: TextEncodingChoice = .auto

    @Option(name: .customLong("map"), help: ArgumentHelp("Map a column: 'Column=target', target email, referral_code, an attribute name, or - to ignore it. Repeatable.", valueName: "Column=target"))
    var maps: [String] = []

    @Option(help: "Columns no --map names: attribute (sent as attributes of the same name), ignore, or error.")
    var unmapped: UnmappedColumns = .attribute

    @Option(help: "Empty cells: ignore (leave the contact's value) or clear (send it empty).")
    var blank: BlankCells = .ignore

    @Option(name: .customLong("on-duplicate"), help: "The same email on several rows: first, last (applied in order), merge (never cleared by a later blank), or fail.")
    var onDuplicate: DuplicateRule = .last

    @Option(help: "A field (or NDJSON line) larger than this many bytes fails its row.")
    var maxFieldBytes: Int = 1 << 20

    func validate() throws {
        if let delimiter, Self.delimiterByte(delimiter) == nil {
            throw ValidationError("--delimiter '\(delimiter)' is not one byte; use ',', ';', '\\t' or '|'")
        }
        for map in maps where MappingOptions.parseRename(map) == nil {
            throw ValidationError("--map '\(map)' is not of the form 'Column=target', e.g. --map 'E-mailadres=email'")
        }
        if maxFieldBytes < 1 { throw ValidationError("--max-field-bytes must be at least 1") }
    }

    var readOptions: ReadOptions {
        var options = ReadOptions()
        options.format = format
        options.delimiter = delimiter.flatMap(Self.delimiterByte)
        options.encoding = encoding
        options.maxFieldBytes = maxFieldBytes
        return options
    }

    var mappingOptions: MappingOptions {
        var options = MappingOptions()
        options.renames = maps.compactMap(MappingOptions.parseRename)
        options.unmapped = unmapped
        options.blank = blank
        options.duplicates = onDuplicate
        return options
    }

    private static func delimiterByte(_ text: String) -> UInt8? {
        switch text {
        case "\\t", "tab", "\t": return 0x09
        default: return text.utf8.count == 1 ? text.utf8.first : nil
        }
    }
}

extension InputFormat: ExpressibleByArgument {}
extension TextEncodingChoice: ExpressibleByArgument {}
extension UnmappedColumns: ExpressibleByArgument {}
extension BlankCells: ExpressibleByArgument {}
extension DuplicateRule: ExpressibleByArgument {}
