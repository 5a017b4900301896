import ArgumentParser
import Foundation

/// Reads a new password: on a terminal, asked twice with typing not shown; from a pipe, its first line.
enum PasswordPrompt {
    static func read() throws -> String {
        guard isatty(STDIN_FILENO) == 1 else {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                printError("error: no password on standard input")
                throw ExitCode(2)
            }
            return line
        }
        let first = try hidden("Password: ")
        let second = try hidden("Again: ")
        guard first == second else {
            printError("error: the two passwords differ; nothing was written")
            throw ExitCode(2)
        }
        return first
    }

    /// One line from the terminal with echo off, restored whatever happens.
    private static func hidden(_ prompt: String) throws -> String {
        FileHandle.standardError.write(Data(prompt.utf8))
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        guard let line = readLine(strippingNewline: true) else { throw ExitCode(2) }
        return line
    }
}
