import Core
import Foundation

/// Numbers the tool reads from the environment, each range-checked once at start-up: a value
/// that is not a number in range ends the command with one line naming the variable (never a
/// crash, and in the TUI before the screen is taken over).
struct Settings: Sendable, Equatable {
    /// `AWS_SSO_TUI_HTTP_TIMEOUT`: seconds one try of one request may take (default 30).
    var httpTimeout: Double = 30
    /// `AWS_SSO_TUI_DEADLINE`: seconds one operation may take, all its tries and back-off
    /// included (default 60).
    var deadline: Double = 60

    static let httpTimeoutRange: ClosedRange<Double> = 0.1...3600
    static let deadlineRange: ClosedRange<Double> = 0.1...3600

    /// Reads and checks the variables; throws a one-line ``CLIError`` (exit 1).
    static func load(_ env: [String: String]) throws -> Settings {
        var s = Settings()
        s.httpTimeout = try seconds(env, "AWS_SSO_TUI_HTTP_TIMEOUT", default: s.httpTimeout, range: httpTimeoutRange)
        s.deadline = try seconds(env, "AWS_SSO_TUI_DEADLINE", default: s.deadline, range: deadlineRange)
        return s
    }

    /// A number of seconds from `env[name]`: unset or empty gives `default`; anything that is
    /// not a finite decimal number inside `range` is an error.
    static func seconds(_ env: [String: String], _ name: String, default d: Double,
                        range: ClosedRange<Double>) throws -> Double {
        guard let raw = env[name], !raw.trimmingCharacters(in: .whitespaces).isEmpty else { return d }
        let t = raw.trimmingCharacters(in: .whitespaces)
        // Plain decimal only: no inf/nan/hex, which Double() would accept.
        let plain = t.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") } && t.filter { $0 == "." }.count <= 1
        guard plain, let v = Double(t), v.isFinite, range.contains(v) else {
            throw CLIError(message: "\(name)=\(ConfigCLI.safe(String(raw.prefix(40)))): not a number of seconds from \(fmt(range.lowerBound)) to \(fmt(range.upperBound))")
        }
        return v
    }

    private static func fmt(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }

    /// The settings of this process, checked by ``CLI/main(_:)`` before any command runs.
    nonisolated(unsafe) static var current = Settings()
}
