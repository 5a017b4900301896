import Foundation

/// Python reading back a file the tool wrote: `python3` (the first on `PATH`, as `make test`
/// provides it, with openpyxl) runs `script` with `path` as its argument.
public enum PythonScript {
    /// The script's exit status and what it printed.
    public static func run(_ script: String, path: String) throws -> (status: Int32, output: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data)
    }
}
