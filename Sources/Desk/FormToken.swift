/// The token every form of the desk carries back, so that a page of another site cannot post to
/// it: with sign-in, each session's own (a new one at every sign-in), and for the sign-in page a
/// pre-session token kept in a cookie (`HttpOnly`, `SameSite=Strict`), so that another site
/// cannot sign a browser in as someone else; without sign-in (this machine only), the desk's own.
enum FormToken {
    /// The token of the request being handled, set by ``SignInMiddleware``.
    @TaskLocal static var current = ""

    /// The cookie that carries the sign-in page's token before anyone has signed in.
    static let cookie = "desk_form"

    /// A new token: 128 random bits as 32 hex digits.
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let digits = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }.joined()
    }

    /// Whether `text` is a token as ``make()`` makes them.
    static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count == 32 && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    /// Whether `posted` is the current token, compared in a time that does not tell where they differ.
    static func matches(_ posted: String?) -> Bool {
        let expected = Array(current.utf8)
        guard let posted, !expected.isEmpty else { return false }
        let given = Array(posted.utf8)
        guard given.count == expected.count else { return false }
        var difference: UInt8 = 0
        for index in given.indices { difference |= given[index] ^ expected[index] }
        return difference == 0
    }
}
