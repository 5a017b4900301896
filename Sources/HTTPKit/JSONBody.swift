import NIOCore
import TextFormats

/// Request bodies of text fields, written straight into bytes: what Leat's write
/// endpoints take, without a JSONEncoder's dictionaries and dynamic casts per request.
public enum JSONBody {
    /// `{"name": "value", …}`; a later field with the same name replaces an earlier one.
    public static func object(_ fields: [(name: String, value: String)]) -> ByteBuffer {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(capacity(for: fields))
        write(fields, to: &bytes)
        return ByteBuffer(bytes: bytes)
    }

    /// `{"key": {"name": "value", …}}`.
    public static func nested(_ key: String, _ fields: [(name: String, value: String)]) -> ByteBuffer {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(capacity(for: fields))
        bytes.append(UInt8(ascii: "{"))
        JSONText.append(quoted: key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        write(fields, to: &bytes)
        bytes.append(UInt8(ascii: "}"))
        return ByteBuffer(bytes: bytes)
    }

    /// Bytes the fields take unescaped, plus room for quotes, separators and a key around them.
    private static func capacity(for fields: [(name: String, value: String)]) -> Int {
        64 + fields.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 6 }
    }

    private static func write(_ fields: [(name: String, value: String)], to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "{"))
        var first = true
        for (index, field) in fields.enumerated() where !fields[(index + 1)...].contains(where: { $0.name == field.name }) {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            JSONText.append(quoted: field.name, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            JSONText.append(quoted: field.value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
    }
}
