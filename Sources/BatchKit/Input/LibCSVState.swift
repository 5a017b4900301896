import CLibCSV

/// What `CSVReader` reads and resets of libcsv's parser state. libcsv 3.0.x keeps it in the
/// fields of `struct csv_parser` (csv.h), behind no function, and its states are constants of
/// libcsv.c the header does not export: every such read is here, so that a libcsv of another
/// layout is one file to look at. The C shim refuses to build against a csv.h that is not 3.0.x,
/// and `LibCSVStateTests` fails if the fields or the states are not where this file expects.
package struct LibCSVState {
    /// libcsv's `ROW_NOT_BEGUN`, `FIELD_BEGUN` and `FIELD_MIGHT_HAVE_ENDED` (libcsv.c 3.0.x).
    package static let rowNotBegun: Int32 = 0
    package static let fieldBegun: Int32 = 2
    package static let fieldMightHaveEnded: Int32 = 3

    package let parser: UnsafeMutablePointer<csv_parser>

    package init(_ parser: UnsafeMutablePointer<csv_parser>) {
        self.parser = parser
    }

    /// In a field that did not start with a quote (a quote met there is text: `5" tall`).
    package var isInUnquotedField: Bool { parser.pointee.pstate == Self.fieldBegun && parser.pointee.quoted == 0 }

    /// Inside a quoted field whose closing quote has not come.
    package var isInsideQuotes: Bool { parser.pointee.pstate == Self.fieldBegun && parser.pointee.quoted != 0 }

    /// After a quote that may close the field: its bytes so far end with that quote and `spaces` spaces.
    package var mayHaveClosedQuote: Bool { parser.pointee.pstate == Self.fieldMightHaveEnded }

    /// The field in progress: its bytes so far (libcsv's entry buffer).
    package var fieldBuffer: UnsafeMutablePointer<UInt8>? { parser.pointee.entry_buf }

    /// How many bytes of the field in progress are in ``fieldBuffer``.
    package var fieldLength: Int {
        get { parser.pointee.entry_pos }
        nonmutating set { parser.pointee.entry_pos = newValue }
    }

    /// Spaces counted after a quote, or in an unquoted field, that libcsv may still strip.
    package var spaces: Int {
        get { parser.pointee.spaces }
        nonmutating set { parser.pointee.spaces = newValue }
    }

    /// Clears the error libcsv's strict mode set when it stopped at a stray quote.
    package func clearError() {
        parser.pointee.status = CSV_SUCCESS
    }

    /// Back to the start of a row, the field in progress dropped (after it was handed on).
    package func restartRow() {
        parser.pointee.entry_pos = 0
        parser.pointee.pstate = Self.rowNotBegun
        parser.pointee.quoted = 0
        parser.pointee.spaces = 0
    }
}
