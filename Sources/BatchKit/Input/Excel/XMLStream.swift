import CLibXML2

/// What an ``XMLStream`` hears, element by element, as the bytes come. Names are local names
/// (`c`, not `x:c`) as NUL-terminated UTF-8, valid only during the call.
protocol XMLHandler: AnyObject {
    func start(_ name: UnsafePointer<UInt8>, _ attributes: XMLAttributes)
    func end(_ name: UnsafePointer<UInt8>)
    func characters(_ text: UnsafeBufferPointer<UInt8>)
    /// Why the part must not be read further (it passed a limit), checked after each chunk; nil
    /// while it may.
    var refusal: InputError? { get }
}

extension XMLHandler {
    var refusal: InputError? { nil }
}

/// An element's attributes as libxml2's SAX2 hands them over: five pointers each (local name,
/// prefix, URI, value start, value end).
struct XMLAttributes {
    fileprivate let base: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    fileprivate let count: Int

    /// The value of the attribute with local name `name` (and, when given, namespace prefix
    /// `prefix`), as text.
    func value(_ name: StaticString, prefix: StaticString? = nil) -> String? {
        withValue(name, prefix: prefix) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the UTF-8 bytes of the attribute's value, when it has one.
    func withValue<Result>(_ name: StaticString, prefix: StaticString? = nil, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        guard let base else { return nil }
        for index in 0..<count {
            let entry = base + index * 5
            guard let local = entry[0], XMLName.equals(local, name) else { continue }
            if let prefix {
                guard let actual = entry[1], XMLName.equals(actual, prefix) else { continue }
            }
            guard let start = entry[3], let end = entry[4] else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
            return body(UnsafeBufferPointer(start: start, count: end - start))
        }
        return nil
    }
}

/// Comparing a libxml2 name with a literal, byte by byte, with no `String` made.
enum XMLName {
    static func equals(_ name: UnsafePointer<UInt8>, _ literal: StaticString) -> Bool {
        let bytes = literal.utf8Start
        for index in 0..<literal.utf8CodeUnitCount where name[index] != bytes[index] { return false }
        return name[literal.utf8CodeUnitCount] == 0
    }
}

/// libxml2's SAX2 push parser: bytes go in as they come (``feed(_:)``), elements come out to an
/// ``XMLHandler`` at once, and no tree is ever built, so a part of any size reads in flat memory.
/// No network access, no external entities: a workbook cannot make the parser fetch anything.
final class XMLStream {
    /// Malformed XML: libxml2's message, with the line.
    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    private let context: xmlParserCtxtPtr
    private let handler: Box

    private final class Box {
        unowned let handler: any XMLHandler
        init(_ handler: any XMLHandler) { self.handler = handler }
    }

    /// A stream into `handler`, which must outlive it.
    init(handler: any XMLHandler) {
        self.handler = Box(handler)
        var sax = xmlSAXHandler()
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        sax.startElementNs = { context, name, _, _, _, _, attributeCount, _, attributes in
            guard let context, let name else { return }
            Unmanaged<Box>.fromOpaque(context).takeUnretainedValue().handler
                .start(name, XMLAttributes(base: attributes, count: Int(attributeCount)))
        }
        sax.endElementNs = { context, name, _, _ in
            guard let context, let name else { return }
            Unmanaged<Box>.fromOpaque(context).takeUnretainedValue().handler.end(name)
        }
        sax.characters = { context, text, count in
            guard let context, let text else { return }
            Unmanaged<Box>.fromOpaque(context).takeUnretainedValue().handler.characters(UnsafeBufferPointer(start: text, count: Int(count)))
        }
        context = xmlCreatePushParserCtxt(&sax, Unmanaged.passUnretained(self.handler).toOpaque(), nil, 0, nil)
        xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_HUGE.rawValue))
    }

    deinit {
        xmlFreeParserCtxt(context)
    }

    /// Parses the next bytes of the document.
    func feed(_ bytes: UnsafeRawBufferPointer) throws(Malformed) {
        guard bytes.count > 0 else { return }
        let status = xmlParseChunk(context, bytes.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(bytes.count), 0)
        if status != 0 { throw malformed() }
    }

    /// Ends the document: what is still open is an error.
    func finish() throws(Malformed) {
        if xmlParseChunk(context, nil, 0, 1) != 0 { throw malformed() }
    }

    private func malformed() -> Malformed {
        guard let error = xmlCtxtGetLastError(context), let message = error.pointee.message else {
            return Malformed(description: "malformed XML")
        }
        let text = String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
        return Malformed(description: "malformed XML at line \(error.pointee.line): \(text)")
    }
}
