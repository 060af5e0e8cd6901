import ArgumentParser
import Foundation

/// `aws-sso-tui demo`: the TUI against the built-in emulator in a throw-away HOME.
///
/// Starts `aws-sso-emulator` (found next to this executable) as a child with a generated org
/// (about 40 accounts, `Zürich` among them) that approves logins after 4 seconds, makes a
/// temporary HOME whose `~/.aws/config` has one sso-session, points the endpoint overrides at the
/// emulator, runs the TUI, and removes the HOME and stops the emulator whatever happens.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "The full TUI against a built-in emulated IAM Identity Center, in a throw-away HOME.")

    @Option(help: "Accounts in the generated org.") var accounts: Int = 40
    @Option(name: .customLong("auto-approve-after"), help: "Seconds before the emulator approves a login.")
    var autoApproveAfter: Double = 4

    func run() async throws {
        let emulator = try Self.emulatorPath()
        let fm = FileManager.default
        let home = fm.temporaryDirectory.appendingPathComponent("aws-sso-tui-demo-\(UUID().uuidString.prefix(8))").path
        try fm.createDirectory(atPath: home + "/.aws", withIntermediateDirectories: true,
                               attributes: [.posixPermissions: 0o700])
        defer { try? fm.removeItem(atPath: home) }
        let readyFile = home + "/emulator-url"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: emulator)
        p.arguments = ["--port", "0", "--accounts", String(accounts), "--auto-approve-after", String(autoApproveAfter),
                       "--ready-file", readyFile]
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try p.run()
        defer {
            if p.isRunning { p.terminate() }
            p.waitUntilExit()
        }
        var url: String?
        for _ in 0..<300 {   // up to 15 s
            if let s = try? String(contentsOfFile: readyFile, encoding: .utf8), s.hasPrefix("http") {
                url = s.trimmingCharacters(in: .whitespacesAndNewlines); break
            }
            if !p.isRunning { break }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        guard let url else { throw CLIError(message: "the emulator did not start (\(emulator))") }
        let config = """
            # aws-sso-tui demo: a throw-away HOME (\(home)), removed on exit.
            [sso-session demo]
            sso_start_url = https://demo.awsapps.com/start
            sso_region = us-east-1
            sso_registration_scopes = sso:account:access

            """
        try config.write(toFile: home + "/.aws/config", atomically: true, encoding: .utf8)
        for (k, v) in ["HOME": home, "AWS_ENDPOINT_URL_SSO": url, "AWS_ENDPOINT_URL_SSO_OIDC": url,
                       "AWS_SSO_TUI_FEDERATION_ENDPOINT": url + "/federation", "AWS_CONFIG_FILE": home + "/.aws/config"] {
            setenv(k, v, 1)
        }
        for k in ["AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] { unsetenv(k) }
        // The browser would open the emulator's approval page, which works too; keep $BROWSER if set.
        let reason = try await TUIProgram.run(global: try GlobalOptions.parse([]))
        if case .signal(let s) = reason { throw ExitCode(128 + s) }
    }

    /// `aws-sso-emulator` in the directory of the running executable.
    static func emulatorPath() throws -> String {
        var candidates: [String] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append((exe as NSString).deletingLastPathComponent)
        }
        let arg0 = CommandLine.arguments[0]
        if arg0.contains("/") {
            candidates.append(((arg0 as NSString).resolvingSymlinksInPath as NSString).deletingLastPathComponent)
        }
        for d in candidates {
            let p = d + "/aws-sso-emulator"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        throw CLIError(message: "aws-sso-emulator not found next to \(candidates.first ?? arg0); build it with: swift build --product aws-sso-emulator")
    }
}
