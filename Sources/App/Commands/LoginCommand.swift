import ArgumentParser
import Core
import Foundation

/// `login`: device-code login in a plain terminal. Prints the URL and code, opens the browser,
/// counts down, and exits 0 once the token is cached where AWS CLI v2 and botocore read it.
/// Ctrl-C stops it cleanly (exit 130) and writes nothing.
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Device-code login in a plain terminal: prints URL and code, waits, caches the token.")
    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "The sso-session to log in.") var session: String?
    @Option(name: .long, help: "Log in the sso-session (or legacy start URL) of this profile.") var profile: String?
    @Flag(name: .long, help: "Do not try to open a browser.") var noBrowser = false
    @Flag(name: .long, help: "Authorization code with PKCE (as AWS CLI v2 2.22+) instead of the device code; needs a browser on this machine.")
    var pkce = false
    @Option(name: .long, help: "With --pkce: the fixed 127.0.0.1 port for the callback (for SSH port forwarding); default a free port.")
    var port: UInt16?

    func run() async throws {
        let ctx = try SSOContext.resolve(global: global, session: session, profile: profile)
        let err = FileHandle.standardError
        @Sendable func say(_ s: String) { ConfigCLI.say(s) }
        let tty = isatty(STDERR_FILENO) == 1
        if port != nil && !pkce { throw CLIError.usage("--port goes with --pkce") }
        if pkce && ctx.session.name == nil {
            throw CLIError.usage("--pkce needs an sso-session (legacy profiles use the device code, as in AWS CLI v2)")
        }
        let listener: LoopbackListener? = pkce ? try ConfigCLI.run { try LoopbackListener(port: port ?? 0) } : nil
        let noBrowser = self.noBrowser

        let work = Task { () throws -> SSOToken in
            if let listener {
                say("Logging in to \(ctx.label) (\(ctx.session.startURL)) with the authorization code flow.")
                say("Waiting for the browser on http://127.0.0.1:\(listener.port)/oauth/callback (10 minutes at most).")
                return try await ctx.login.pkceLogin(ctx.session, oidcBase: ctx.resolver.url(for: .oidc, region: ctx.session.region),
                                                     listener: listener) { url in
                    say("If no browser opens, open this URL on this machine:")
                    say("")
                    say("    \(url)")
                    say("")
                    if !noBrowser { Browser.open(url) }
                }
            }
            let svc = ctx.login
            let (reg, auth) = try await svc.startDeviceLogin(ctx.session)
            let started = Date()
            say("Logging in to \(ctx.label) (\(ctx.session.startURL)).")
            say("Open this URL in a browser; it already contains the code:")
            say("")
            say("    \(auth.verificationUriComplete)")
            say("")
            say("Or open \(auth.verificationUri) and enter the code:  \(auth.userCode)")
            if !noBrowser { Browser.open(auth.verificationUriComplete) }
            let ticker = Task {
                guard tty else { return }
                while !Task.isCancelled {
                    let left = max(0, Int(Double(auth.expiresIn) - Date().timeIntervalSince(started)))
                    err.write(Data(String(format: "\rWaiting for approval… code expires in %d:%02d ", left / 60, left % 60).utf8))
                    try? await Task.sleep(nanoseconds: 1_000_000_000)
                }
            }
            defer { ticker.cancel(); if tty { err.write(Data("\r\u{1B}[K".utf8)) } }
            if !tty { say("Waiting for approval (the code expires in \(auth.expiresIn / 60) min)…") }
            return try await svc.pollDeviceLogin(ctx.session, registration: reg, authorization: auth, startedAt: started)
        }
        // Ctrl-C / SIGTERM cancel the login: nothing is written, the line is cleaned up.
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let sigs = [SIGINT, SIGTERM].map { s -> DispatchSourceSignal in
            let src = DispatchSource.makeSignalSource(signal: s, queue: .global())
            src.setEventHandler { work.cancel() }
            src.resume()
            return src
        }
        defer { sigs.forEach { $0.cancel() } }
        do {
            let token = try await work.value
            let left = Int(token.expiresAt.timeIntervalSinceNow / 60)
            say("Logged in to \(ctx.label); the token is valid for \(left / 60)h \(left % 60)m (until \(AWSTime.format(token.expiresAt))).")
        } catch is CancellationError {
            throw CLIError(message: "login cancelled", exitCode: 130)
        } catch let e as LoginFailure {
            if e == .cancelled { throw CLIError(message: "login cancelled", exitCode: 130) }
            throw CLIError(message: e.description)
        } catch let e as SSOClientError {
            throw CLIError(message: e.description)
        }
    }
}
