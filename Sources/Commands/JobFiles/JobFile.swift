import BatchKit
import Foundation
import Yams

/// A job file (YAML): a run of `import contacts`, `invite referrals`, `export …` or `check`
/// written down once, for repeatable migrations and nightly exports.
///
/// ```yaml
/// job: import contacts
/// input: klanten.csv            # relative paths are relative to the job file
/// delimiter: ";"
/// map:
///   E-mailadres: email
///   Voornaam: firstname
/// concurrency: 8
/// rate: 50
/// ```
///
/// The keys are the command's long flags without `--`; `map` is a mapping of column to target,
/// `columns` a list; `true` sets a flag. The file becomes the command's arguments, so flags given
/// on the command line after it override it. Secrets never go in a job file.
package struct JobFile: Sendable {
    /// The command's arguments, e.g. `["import", "contacts", "/data/klanten.csv", "--delimiter", ";"]`.
    package var arguments: [String]

    /// Reads and checks the job file at `path`.
    package static func load(path: String) throws(JobFileError) -> JobFile {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw JobFileError(path: path, line: nil, message: "cannot read the job file")
        }
        return try parse(text, path: path)
    }

    /// Checks `text` (the job file at `path`) and turns it into arguments.
    package static func parse(_ text: String, path: String) throws(JobFileError) -> JobFile {
        func fail(_ node: Node?, _ message: String) -> JobFileError {
            JobFileError(path: path, line: node?.mark.map { $0.line }, message: message)
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw JobFileError(path: path, line: (error as? YamlError).flatMap(Self.line), message: "is not valid YAML: \(error)")
        }
        guard let root, case .mapping(let mapping) = root else {
            throw fail(root, "must be a mapping of keys to values, starting with 'job:'")
        }
        guard let jobNode = mapping["job"], let jobName = jobNode.string else {
            throw fail(root, "has no 'job:' key; say what to run: \(JobKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let kind = JobKind(rawValue: jobName.split(separator: " ").joined(separator: " ")) else {
            throw fail(jobNode, "job '\(jobName)' is not one of: \(JobKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        func resolved(_ value: String) -> String {
            value == "-" || value.hasPrefix("/") ? value : folder.appendingPathComponent(value).standardizedFileURL.path
        }
        var arguments = kind.rawValue.split(separator: " ").map(String.init)
        var options: [String] = []
        var hasInput = false
        for (keyNode, value) in mapping where keyNode.string != "job" {
            let key = keyNode.string ?? ""
            if JobKeys.secrets.contains(key) {
                throw fail(keyNode, "'\(key)' is a secret: it never goes in a job file; use token-file / password-file, or the environment")
            }
            guard let spec = JobKeys.allowed(for: kind)[key] else {
                throw fail(
                    keyNode,
                    "unknown key '\(key)' for \(kind.rawValue); the keys are: \(JobKeys.allowed(for: kind).keys.sorted().joined(separator: ", "))"
                )
            }
            switch spec {
            case .input:
                guard let file = value.string, !file.isEmpty else { throw fail(value, "'input' must be a file path") }
                arguments.append(resolved(file))
                hasInput = true
            case .text, .path:
                guard case .scalar = value, let text = value.string, !text.isEmpty else { throw fail(value, "'\(key)' must be text") }
                options += ["--" + key, spec == .path ? resolved(text) : text]
            case .integer:
                guard let number = value.int else { throw fail(value, "'\(key)' must be a whole number, not '\(value.string ?? "")'") }
                options += ["--" + key, String(number)]
            case .number:
                guard let number = value.float, number > 0 else {
                    throw fail(value, "'\(key)' must be a positive number, not '\(value.string ?? "")'")
                }
                options += ["--" + key, String(number)]
            case .rate:
                guard case .scalar = value, let text = value.string, RequestRate(text) != nil else {
                    throw fail(value, "'rate' must be requests per second (50) or per minute (3000/min), not '\(value.string ?? "")'")
                }
                options += ["--rate", text]
            case .flag(let inversion):
                guard let on = value.bool else { throw fail(value, "'\(key)' must be true or false, not '\(value.string ?? "")'") }
                if on { options.append("--" + key) } else if let inversion { options.append("--" + inversion) }
            case .choice(let choices):
                guard let text = value.string, choices.contains(text) else {
                    throw fail(value, "'\(key)' must be one of \(choices.joined(separator: ", ")), not '\(value.string ?? "")'")
                }
                options += ["--" + key, text]
            case .columnMap:
                guard case .mapping(let pairs) = value else {
                    throw fail(value, "'map' must be a mapping of column to target, e.g. 'E-mailadres: email'")
                }
                for (column, target) in pairs {
                    guard let from = column.string, let to = target.string, !from.isEmpty, !to.isEmpty else {
                        throw fail(column, "'map' entries are 'Column: target'")
                    }
                    options += ["--map", "\(from)=\(to)"]
                }
            case .list:
                let items: [String]
                if case .sequence(let sequence) = value {
                    items = try sequence.map { item throws(JobFileError) in
                        guard let text = item.string else { throw fail(item, "'\(key)' must be a list of names") }
                        return text
                    }
                } else if let text = value.string {
                    items = text.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
                } else {
                    throw fail(value, "'\(key)' must be a list of names")
                }
                options += ["--" + key, items.joined(separator: ",")]
            }
        }
        if JobKeys.allowed(for: kind)["input"] != nil && !hasInput {
            throw fail(root, "\(kind.rawValue) needs 'input:' (the file to read)")
        }
        return JobFile(arguments: arguments + options)
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: nil
        }
    }
}

/// A job file cannot be used: a usage error (exit 2) naming the file, the line and what to fix.
package struct JobFileError: Error, Sendable, CustomStringConvertible {
    package var path: String
    package var line: Int?
    package var message: String
    package var description: String { "\(path)\(line.map { ":\($0)" } ?? ""): \(message)" }
}
