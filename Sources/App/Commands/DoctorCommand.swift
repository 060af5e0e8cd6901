import ArgumentParser
import Core
import Foundation

/// `doctor`: why AWS SSO is not working, one line per finding; `--fix` repairs what is safe.
/// The checks are Core's (``Doctor``, ``DoctorOnline``, ``DoctorFixer``); this runs them on the
/// real files, performs the logins `--fix` offers on /dev/tty, and prints.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Find why AWS SSO is not working (environment, config, tokens, cache files, clock) and repair what is safe.",
        discussion: """
            One line per finding: ok, warn or fail, what it is about, what is wrong, and the command \
            that fixes it. Exit 0 when nothing fails, else 1. --fix sets cache modes, removes orphan \
            and unreadable cache files and the cached role credentials of expired sessions, and on a \
            terminal offers the login for a session that needs one; it never removes a valid token \
            of a configured session. Check names: docs/doctor.md.
            """)
    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "Only this sso-session's findings (and the global ones).") var session: String?
    @Flag(name: .long, help: "Repair what is safe, say what was done, and report again.") var fix = false
    @Flag(name: .long, help: "Also ask each session's portal and OIDC endpoints (reachability, clock skew).") var online = false
    @Flag(name: .long, help: "A JSON list of {check, status, subject, message, fix}.") var json = false

    func run() async throws {
        let fs = LocalDoctorFileSystem()
        var input = gather()
        if let s = session, let doc = input.config.document, doc.ssoSession(named: s) == nil {
            throw CLIError(message: "sso-session \(ConfigCLI.safe(s)) not found in \(input.configPath)")
        }
        var findings = await collect(input, fs: fs)
        if fix {
            let toStderr = json
            func report(_ s: String) {
                if toStderr { FileHandle.standardError.write(Data((s + "\n").utf8)) } else { ConfigCLI.say(s) }
            }
            var changed = false
            for o in DoctorFixer.applyFileRepairs(findings, fs: fs, now: Date(), protectedTokens: DoctorFixer.sessionTokenPaths(input)) {
                report(ConfigCLI.safe("\(o.ok ? "fixed" : "not fixed")  \(o.check.rawValue)  \(o.text)"))
                changed = changed || o.ok
            }
            if changed {
                input = gather()
                findings = await collect(input, fs: fs)
            }
            let targets = DoctorFixer.loginTargets(findings)
            if !targets.isEmpty {
                var loggedIn = false
                if let tty = TTYWriter.open(), !AutoLogin.disabledByEnvironment {
                    for t in targets {
                        if await login(t, tty: tty) {
                            report(ConfigCLI.safe("fixed  login  \(label(t)): logged in"))
                            loggedIn = true
                        } else {
                            report(ConfigCLI.safe("not fixed  login  \(label(t)): not logged in"))
                        }
                    }
                } else {
                    for t in targets {
                        report(ConfigCLI.safe("not fixed  login  \(label(t)): no terminal to log in on; run: \(loginCommand(t))"))
                    }
                }
                if loggedIn {
                    input = gather()
                    findings = await collect(input, fs: fs)
                }
            }
        }
        if json {
            try ConfigCLI.printJSON(findings.map { f -> [String: Any] in
                ["check": f.check.rawValue, "status": f.status.rawValue, "subject": f.subject,
                 "message": f.message, "fix": ConfigCLI.j(f.fix)]
            })
        } else {
            for f in findings { ConfigCLI.say(Self.line(f)) }
        }
        let fails = findings.filter { $0.status == .fail }
        if !fails.isEmpty {
            let fixable = !fix && fails.contains { !$0.repairs.isEmpty }
            throw CLIError(message: "doctor: \(fails.count) check(s) failed" + (fixable ? "; aws-sso-tui doctor --fix repairs what it safely can" : ""))
        }
    }

    /// `fail  token-missing                sso-session acme: not logged in …  fix: aws-sso-tui login --session acme`
    static func line(_ f: DoctorFinding) -> String {
        let status = f.status.rawValue.padding(toLength: 4, withPad: " ", startingAt: 0)
        let check = f.check.rawValue.padding(toLength: 27, withPad: " ", startingAt: 0)
        return ConfigCLI.safe("\(status)  \(check)  \(f.subject): \(f.message)" + (f.fix.map { "  fix: \($0)" } ?? ""))
    }

    private func gather() -> DoctorInput {
        DoctorInput.gather(explicitConfig: global.config, environment: ConfigCLI.environment, home: ConfigCLI.home,
                           now: Date(), session: session)
    }

    private func collect(_ input: DoctorInput, fs: any DoctorFileSystem) async -> [DoctorFinding] {
        var findings = Doctor.findings(input, fs: fs)
        guard online else { return findings }
        var targets: [DoctorProbeTarget] = []
        for s in Doctor.sessions(input) {
            guard let ctx = try? SSOContext.resolve(global: global, session: s.target.session, profile: s.target.profile) else { continue }
            targets.append(DoctorProbeTarget(scope: s.scope, subject: s.subject,
                                             portalURL: ctx.resolver.url(for: .portal, region: s.ref.region),
                                             oidcURL: ctx.resolver.url(for: .oidc, region: s.ref.region)))
        }
        findings += await DoctorOnline.findings(targets, transport: SSOContext.makeTransport(), timeout: min(5, SSOContext.timeout))
        return findings
    }

    private func label(_ t: DoctorLoginTarget) -> String {
        t.session.map { "sso-session \($0)" } ?? "profile \(t.profile ?? "")"
    }

    private func loginCommand(_ t: DoctorLoginTarget) -> String {
        t.session.map { "aws-sso-tui login --session \(Doctor.shellQuote($0))" }
            ?? "aws-sso-tui login --profile \(Doctor.shellQuote(t.profile ?? ""))"
    }

    /// Asks on the terminal, then runs the device-code login there (the one auto-login draws:
    /// URL, code, countdown). True when a token was cached.
    private func login(_ t: DoctorLoginTarget, tty: TTYWriter) async -> Bool {
        guard let ctx = try? SSOContext.resolve(global: global, session: t.session, profile: t.profile) else { return false }
        tty.write("Log in to \(ConfigCLI.safe(ctx.label)) (\(ConfigCLI.safe(ctx.session.startURL))) now? [Y/n] ")
        let answer = (tty.readLine() ?? "n").trimmingCharacters(in: .whitespaces).lowercased()
        guard answer.isEmpty || answer == "y" || answer == "yes" else { return false }
        do {
            try await AutoLogin.login(ctx, on: tty)
            return true
        } catch {
            tty.write("Login failed: \(ConfigCLI.safe("\(error)"))\r\n")
            return false
        }
    }
}
