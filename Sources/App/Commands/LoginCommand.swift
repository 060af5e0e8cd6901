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
    @Option(name: .long, help: "The sso-session to log in.", completion: .sessions) var session: String?
    @Option(name: .long, help: "Log in the sso-session (or legacy start URL) of this profile.", completion: .profiles) var profile: String?
    @Flag(name: .long, help: "Do not try to open a browser.") var noBrowser = false
    @Flag(name: .long, help: "Authorization code with PKCE (as AWS CLI v2 2.22+) instead of the device code; needs a browser on this machine.")
    var pkce = false
    @Option(name: .long, help: "With --pkce: the fixed 127.0.0.1 port for the callback (for SSH port forwarding); default a free port.")
    var port: UInt16?

    func run() async throws {
        let ctx = try SSOContext.resolve(global: global, session: session, profile: profile)
        let say = Self.say
        let tty = isatty(STDERR_FILENO) == 1
        if port != nil && !pkce { throw CLIError.usage("--port goes with --pkce") }
        if pkce && ctx.session.name == nil {
            throw CLIError.usage("--pkce needs an sso-session (legacy profiles use the device code, as in AWS CLI v2)")
        }
        let listener: LoopbackListener? = pkce ? try ConfigCLI.run { try LoopbackListener(port: port ?? 0) } : nil
        let noBrowser = self.noBrowser

        // Ctrl-C / SIGTERM cancel the login: nothing is written, the line is cleaned up.
        let token = try await DeviceLoginFlow.cancellable {
            try await Self.perform(ctx, listener: listener, noBrowser: noBrowser, tty: tty)
        }
        let left = Int(token.expiresAt.timeIntervalSinceNow / 60)
        say("Logged in to \(ctx.label); the token is valid for \(left / 60)h \(left % 60)m (until \(AWSTime.format(token.expiresAt))).")
    }

    /// Server and file text in these lines is escaped (ConfigCLI.say).
    @Sendable static func say(_ s: String) { ConfigCLI.say(s) }

    static func perform(_ ctx: SSOContext, listener: LoopbackListener?, noBrowser: Bool, tty: Bool) async throws -> SSOToken {
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
        var status: (@Sendable (String) -> Void)? = nil
        if tty { status = { s in FileHandle.standardError.write(Data(s.utf8)) } }
        return try await DeviceLoginFlow.run(ctx, noBrowser: noBrowser, say: say, status: status)
    }
}
