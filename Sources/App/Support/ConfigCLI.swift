import Core
import Foundation

/// Shared plumbing for the config and cache subcommands (sessions, profiles, status).
enum ConfigCLI {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// The config store for `--config` / `$AWS_CONFIG_FILE` / `~/.aws/config`.
    static func store(_ global: GlobalOptions) -> ConfigStore {
        ConfigStore(path: ConfigStore.resolvePath(explicit: global.config, environment: environment))
    }

    /// `$HOME` (tests point it at a temporary directory).
    static var home: String {
        if let h = environment["HOME"], !h.isEmpty { return h }
        return NSHomeDirectory()
    }

    /// Runs `body`, turning Core errors into one-line `CLIError`s (exit 1).
    @discardableResult
    static func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as CLIError {
            throw e
        } catch let e as ConfigParseError {
            throw CLIError(message: "cannot parse config: \(safe(e.description))")
        } catch let e as ConfigEditError {
            throw CLIError(message: safe(e.description))
        } catch let e as FileError {
            throw CLIError(message: safe(e.description))
        } catch {
            throw CLIError(message: "\(error)")
        }
    }

    /// Prints a JSON value: keys sorted, two-space indent, `"key": value`, `/` and non-ASCII
    /// unescaped, newline-terminated. Values: String, Bool, Int, NSNull, arrays, [String: Any].
    static func printJSON(_ value: Any) throws {
        var out = ""
        writeJSON(value, indent: "", into: &out)
        FileHandle.standardOutput.write(Data((out + "\n").utf8))
    }

    static func writeJSON(_ v: Any, indent: String, into out: inout String) {
        let inner = indent + "  "
        switch v {
        case let s as String: out += PyJSON.quoteUTF8(s)
        case let b as Bool: out += b ? "true" : "false"
        case let i as Int: out += String(i)
        case let a as [Any]:
            if a.isEmpty { out += "[]"; return }
            out += "[\n"
            for (k, e) in a.enumerated() {
                out += inner
                writeJSON(e, indent: inner, into: &out)
                out += k == a.count - 1 ? "\n" : ",\n"
            }
            out += indent + "]"
        case let d as [String: Any]:
            if d.isEmpty { out += "{}"; return }
            out += "{\n"
            let keys = d.keys.sorted()
            for (k, key) in keys.enumerated() {
                out += inner + PyJSON.quoteUTF8(key) + ": "
                writeJSON(d[key]!, indent: inner, into: &out)
                out += k == keys.count - 1 ? "\n" : ",\n"
            }
            out += indent + "}"
        default: out += "null"
        }
    }


    /// One or more lines of text output; each line is escaped (``safe(_:)``), so nothing a file or
    /// a server said reaches the terminal as a control sequence.
    static func say(_ s: String) {
        FileHandle.standardOutput.write(Data((safeLines(s) + "\n").utf8))
    }

    /// `safe` line by line (the line breaks themselves kept).
    static func safeLines(_ s: String) -> String {
        s.split(separator: "\n", omittingEmptySubsequences: false).map { safe(String($0)) }.joined(separator: "\n")
    }

    /// `nil` as JSON null.
    static func j(_ s: String?) -> Any { s.map { $0 as Any } ?? NSNull() }

    /// Cells of text tables longer than this are cut, ending in `…` (`--json` has them whole).
    static let maxCell = 60

    /// Text table with left-aligned columns separated by two spaces; cells are cut at
    /// ``maxCell`` characters so one long name does not pad every row.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows.map { $0.map { $0.count > maxCell ? String($0.prefix(maxCell - 1)) + "…" : $0 } }
        var widths = [Int](repeating: 0, count: header.count)
        for r in all { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        return all.map { r in
            r.enumerated().map { i, c in i == r.count - 1 ? c : c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// Text from a file or a server for the terminal (see ``UIText/safe(_:)``).
    static func safe(_ s: String) -> String { UIText.safe(s) }

    /// A word for a command hint, shell-quoted (see ``UIText/shellQuote(_:)``).
    static func shq(_ s: String) -> String { UIText.shellQuote(s) }
}
