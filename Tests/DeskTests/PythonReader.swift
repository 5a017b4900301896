import Foundation
import FuzzSupport
import Testing

/// A file the desk wrote, read back by Python: a CSV by its `csv` module, a workbook by openpyxl
/// (`make test` installs it for the `python3` the tests run).
enum PythonReader {
    /// The rows of the CSV at `path` (the header first), read with `delimiter` in `encoding`.
    static func csvRows(_ path: String, delimiter: String = ",", encoding: String = "utf-8-sig") throws -> [[String]] {
        try rows(
            """
            import csv, json, sys
            with open(sys.argv[1], newline="", encoding="\(encoding)") as handle:
                print(json.dumps(list(csv.reader(handle, delimiter="\(delimiter)"))))
            """, path)
    }

    /// The rows of the first sheet of the workbook at `path` (the header first), each cell as text.
    static func workbookRows(_ path: String) throws -> [[String]] {
        try rows(
            """
            import json, sys, openpyxl
            sheet = openpyxl.load_workbook(sys.argv[1]).active
            print(json.dumps([["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]))
            """, path)
    }

    private static func rows(_ script: String, _ path: String) throws -> [[String]] {
        let (status, data) = try PythonScript.run(script, path: path)
        #expect(status == 0, "python3 read \(path) (with openpyxl for a workbook)")
        return try JSONSerialization.jsonObject(with: data) as? [[String]] ?? []
    }
}
