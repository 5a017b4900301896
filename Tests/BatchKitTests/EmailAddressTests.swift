import BatchKit
import Testing

@Suite(.timeLimit(.minutes(5))) struct EmailAddressTests {
    @Test(
        arguments: [
            ("ann@example.com", nil),
            ("ann.de.vries+news@mail.example.nl", nil),
            ("rené@exämple.nl", nil),
            ("plainaddress", "has no @"),
            ("a@b@example.com", "has more than one @"),
            ("ann smit@example.com", "contains a space"),
            ("ann@example.com extra", "contains a space"),
            ("ann\t@example.com", "contains a tab"),
            ("@example.com", "nothing before the @"),
            ("ann@", "nothing after the @"),
            ("ann..smit@example.com", "a dot at the start or end of the part before the @, or two dots in a row"),
            ("ann.@example.com", "a dot at the start or end of the part before the @, or two dots in a row"),
            ("an(n)@example.com", "the character '(' is not allowed before the @"),
            ("ann@localhost", "the domain 'localhost' has no dot"),
            ("ann@example..com", "the domain has an empty part (two dots in a row, or a dot at its start or end)"),
            ("ann@-example.com", "a part of the domain starts or ends with a hyphen"),
            ("ann@example.123", "the domain does not end in a top-level domain such as .com or .nl"),
            ("ann@exa_mple.com", "the character '_' is not allowed in the domain"),
        ] as [(String, String?)])
    func saysWhatIsWrong(email: String, problem: String?) {
        #expect(EmailAddress.problem(with: email)?.words == problem)
    }

    @Test func emailKeyTrimsAndLowersTheWholeAddress() {
        // Every length around the eight-byte steps, with capitals, the bytes beside 'A' and 'Z', and
        // in every other address a non-ASCII capital, which is lowered too.
        var generator = SystemRandomNumberGenerator()
        for length in 0..<40 {
            let alphabet = Array(length % 2 == 0 ? "AZaz@[`{M0." : "AZaz@[`{ÉéÖM0.")
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            let expected = String(decoding: Array(text.utf8).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
            let padded = Array((" \t" + text + " \r\n").utf8)
            #expect(
                padded.withUnsafeBufferPointer(ASCIIText.emailKey) == (text.utf8.contains { $0 >= 0x80 } ? expected.lowercased() : expected)
            )
        }
        #expect(Array("  RENÉ.Dubois@Example.BE ".utf8).withUnsafeBufferPointer(ASCIIText.emailKey) == "rené.dubois@example.be")
    }

    @Test func everyCapitalOfLatin1AndBeyondIsLowered() {
        // Latin-1's capitals are told by their bytes; the letters after them by their scalar.
        for value in 0x80...0x24F {
            let text = "Ab\(Character(Unicode.Scalar(value)!))@Example.nl"
            #expect(Array(text.utf8).withUnsafeBufferPointer(ASCIIText.emailKey) == text.lowercased(), "U+\(String(value, radix: 16))")
        }
    }
}
