import Foundation

/// How the bytes of an input file are turned into text.
///
/// `auto` (the default) reads UTF-8 and, at the first byte that is not valid UTF-8, warns once
/// (naming the byte offset and line) and reads the rest of the file as Windows-1252 — what Excel
/// writes on Windows when "CSV UTF-8" is not chosen. `utf8` stops at that byte with an error
/// instead; `windows1252` reads the whole file as Windows-1252.
public enum TextEncodingChoice: String, Sendable, CaseIterable {
    case auto
    case utf8 = "utf-8"
    case windows1252 = "windows-1252"
}

/// Decodes a field's bytes as Windows-1252 (bytes the code page leaves undefined fall back to Latin-1).
func decodeWindows1252(_ bytes: UnsafeRawBufferPointer) -> String {
    let data = Data(bytes)
    return String(data: data, encoding: .windowsCP1252) ?? String(data: data, encoding: .isoLatin1) ?? ""
}
