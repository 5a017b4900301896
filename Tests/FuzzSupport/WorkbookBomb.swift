import Foundation
import ZIPFoundation

/// Workbooks built in a test (never committed) whose parts inflate far beyond their size: one
/// cell of many megabytes, shared strings without end, a sheet of endless rows. Each part is a
/// head, a unit repeated, and a tail, deflated as it is made, so a part of a gigabyte costs no
/// gigabyte of memory.
public enum WorkbookBomb {
    /// One part of the archive.
    public struct Part: Sendable {
        public var path: String
        public var head: String
        public var unit: String
        public var repeats: Int
        public var tail: String

        public init(_ path: String, head: String, unit: String = "", repeats: Int = 0, tail: String = "") {
            (self.path, self.head, self.unit, self.repeats, self.tail) = (path, head, unit, repeats, tail)
        }

        var size: Int { head.utf8.count + unit.utf8.count * repeats + tail.utf8.count }

        /// Bytes `from..<from + count` of the part.
        func bytes(from: Int, count: Int) -> Data {
            let (head, unit, tail) = (Array(head.utf8), Array(unit.utf8), Array(tail.utf8))
            let middleEnd = head.count + unit.count * repeats
            var data = Data(capacity: count)
            var position = from
            while position < from + count {
                if position < head.count {
                    data.append(contentsOf: head[position..<min(head.count, from + count)])
                    position = min(head.count, from + count)
                } else if position < middleEnd {
                    let offset = (position - head.count) % unit.count
                    let take = min(unit.count - offset, from + count - position, middleEnd - position)
                    data.append(contentsOf: unit[offset..<offset + take])
                    position += take
                } else {
                    let offset = position - middleEnd
                    let take = min(tail.count - offset, from + count - position)
                    data.append(contentsOf: tail[offset..<offset + take])
                    position += take
                }
            }
            return data
        }
    }

    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

    /// A workbook of one sheet at `path`, its worksheet `sheet` (the XML inside `<sheetData>`)
    /// and, when given, its shared strings.
    public static func write(_ path: String, sheet: Part, sharedStrings: Part? = nil) throws {
        try? FileManager.default.removeItem(atPath: path)
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        let rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let parts =
            [
                Part(
                    "xl/workbook.xml",
                    head:
                        #"<workbook xmlns="\#(main)" xmlns:r="\#(rels)"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#
                ),
                Part(
                    "xl/_rels/workbook.xml.rels",
                    head:
                        #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\#(rels)/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
                ),
                sheet,
            ] + (sharedStrings.map { [$0] } ?? [])
        for part in parts {
            try archive.addEntry(
                with: part.path, type: .file, uncompressedSize: Int64(part.size), compressionMethod: .deflate, bufferSize: 1 << 20
            ) { position, count in
                part.bytes(from: Int(position), count: count)
            }
        }
    }

    /// A sheet part: a header row `email`, then `rows` (row XML).
    public static func sheet(head rows: String, unit: String = "", repeats: Int = 0, tail: String = "") -> Part {
        Part(
            "xl/worksheets/sheet1.xml",
            head: #"<worksheet xmlns="\#(main)"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>email</t></is></c></row>"# + rows,
            unit: unit, repeats: repeats, tail: tail + "</sheetData></worksheet>")
    }

    /// A workbook whose cell A2 holds `megabytes` of text.
    public static func oneHugeCell(_ path: String, megabytes: Int) throws {
        try write(
            path,
            sheet: sheet(
                head: #"<row r="2"><c r="A2" t="inlineStr"><is><t>"#, unit: String(repeating: "A", count: 1024),
                repeats: megabytes << 10, tail: "</t></is></c></row>"))
    }

    /// A workbook whose shared strings are `count` strings of 1 KiB each.
    public static func endlessSharedStrings(_ path: String, count: Int) throws {
        try write(
            path, sheet: sheet(head: #"<row r="2"><c r="A2" t="s"><v>0</v></c></row>"#),
            sharedStrings: Part(
                "xl/sharedStrings.xml", head: #"<sst xmlns="\#(main)">"#,
                unit: "<si><t>" + String(repeating: "x", count: 1024) + "</t></si>", repeats: count, tail: "</sst>"))
    }

    /// A workbook whose sheet has `count` rows of one short cell.
    public static func endlessRows(_ path: String, count: Int) throws {
        try write(path, sheet: sheet(head: "", unit: #"<row><c t="inlineStr"><is><t>a@example.nl</t></is></c></row>"#, repeats: count))
    }
}
