import NIOCore

/// Request bodies of text fields, written straight into a `ByteBuffer`: what Leat's write
/// endpoints take, without a JSONEncoder's dictionaries and dynamic casts per request.
public enum JSONBody {
    /// `{"name": "value", …}`; a later field with the same name replaces an earlier one.
    public static func object(_ fields: [(name: String, value: String)]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(capacity(for: fields))
        write(fields, to: &buffer)
        return buffer
    }

    /// `{"key": {"name": "value", …}}`.
    public static func nested(_ key: String, _ fields: [(name: String, value: String)]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(capacity(for: fields))
        buffer.writeStaticString("{")
        writeString(key, to: &buffer)
        buffer.writeStaticString(":")
        write(fields, to: &buffer)
        buffer.writeStaticString("}")
        return buffer
    }

    /// Bytes the fields take unescaped, plus room for quotes, separators and a key around them.
    private static func capacity(for fields: [(name: String, value: String)]) -> Int {
        64 + fields.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 6 }
    }

    private static func write(_ fields: [(name: String, value: String)], to buffer: inout ByteBuffer) {
        buffer.writeStaticString("{")
        var first = true
        for (index, field) in fields.enumerated() where !fields[(index + 1)...].contains(where: { $0.name == field.name }) {
            if !first { buffer.writeStaticString(",") }
            first = false
            writeString(field.name, to: &buffer)
            buffer.writeStaticString(":")
            writeString(field.value, to: &buffer)
        }
        buffer.writeStaticString("}")
    }

    /// A JSON string literal: `"` and `\` escaped, control characters as `\u00XX`.
    private static func writeString(_ text: String, to buffer: inout ByteBuffer) {
        buffer.writeStaticString("\"")
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): buffer.writeStaticString("\\\"")
            case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
            case 0..<0x20:
                buffer.writeStaticString("\\u00")
                buffer.writeInteger(hexDigits[Int(byte >> 4)])
                buffer.writeInteger(hexDigits[Int(byte & 15)])
            default: buffer.writeInteger(byte)
            }
        }
        buffer.writeStaticString("\"")
    }
}

/// Hex digits, for `\u00XX` escapes here and `%XX` in URLs.
let hexDigits = Array("0123456789ABCDEF".utf8)
