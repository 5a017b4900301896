import Commands

/// The `loyalty-batch` executable: the commands live in the `Commands` library, where the tests
/// can reach them too.
@main
enum Main {
    static func main() async {
        await LoyaltyBatch.main()
    }
}
