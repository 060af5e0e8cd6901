import ArgumentParser
import Core
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `--no-login`, taken by every command that needs a token.
struct AutoLoginOptions: ParsableArguments {
    @Flag(name: .long, help: "When the token is missing or expired, exit 3 instead of logging in on the terminal (also: AWS_SSO_TUI_NO_LOGIN=1).")
    var noLogin = false
}

/// The device-code login as the `login` command shows it: URL with the code, the code, the
/// browser opened, a countdown; used by `login` (on stdout) and by auto-login (on /dev/tty).
enum DeviceLoginFlow {
    /// Runs one device-code login. `say` prints a line; `status` rewrites the countdown line
    /// (nil: no countdown, a single "waiting" line instead).
    static func run(_ ctx: SSOContext, noBrowser: Bool, say: @escaping @Sendable (String) -> Void,
                    status: (@Sendable (String) -> Void)?) async throws -> SSOToken {
        let svc = ctx.login
        let (reg, auth) = try await svc.startDeviceLogin(ctx.session)
        let started = Date()
        say("Logging in to \(ctx.label) (\(ConfigCLI.safe(ctx.session.startURL))).")
        say("Open this URL in a browser; it already contains the code:")
        say("")
        say("    \(ConfigCLI.safe(auth.verificationUriComplete))")
        say("")
        say("Or open \(ConfigCLI.safe(auth.verificationUri)) and enter the code:  \(ConfigCLI.safe(auth.userCode))")
        if !noBrowser { Browser.open(auth.verificationUriComplete) }
        let ticker = Task {
            guard let status else { return }
            while !Task.isCancelled {
                let left = max(0, Int(Double(auth.expiresIn) - Date().timeIntervalSince(started)))
                status(String(format: "\rWaiting for approval… code expires in %d:%02d ", left / 60, left % 60))
                try? await Task.sleep(nanoseconds: 1_000_000_000)
            }
        }
        defer { ticker.cancel(); status?("\r\u{1B}[K") }
        if status == nil { say("Waiting for approval (the code expires in \(auth.expiresIn / 60) min)…") }
        return try await svc.pollDeviceLogin(ctx.session, registration: reg, authorization: auth, startedAt: started)
    }

    /// Runs `work`, cancelling it on SIGINT / SIGTERM (nothing is written then); maps the
    /// outcome to CLI errors (130 for a cancelled login).
    static func cancellable<T: Sendable>(_ work: sending @escaping () async throws -> T) async throws -> T {
        let task = Task { try await work() }
        let old = [SIGINT, SIGTERM].map { signal($0, SIG_IGN) }
        let sigs = [SIGINT, SIGTERM].map { s -> DispatchSourceSignal in
            let src = DispatchSource.makeSignalSource(signal: s, queue: .global())
            src.setEventHandler { task.cancel() }
            src.resume()
            return src
        }
        defer {
            sigs.forEach { $0.cancel() }
            for (s, h) in zip([SIGINT, SIGTERM], old) { signal(s, h) }
        }
        do {
            return try await task.value
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

/// Auto-login: a command that needs a token which is missing, expired and not refreshable logs
/// in on the controlling terminal (`/dev/tty`, never stdout or stderr: `credential_process`
/// output is captured by the SDK) and then carries on. With `--no-login`,
/// `AWS_SSO_TUI_NO_LOGIN=1`, or no terminal, the exit-3 error stands.
enum AutoLogin {
    static func disabled(_ opts: AutoLoginOptions) -> Bool { opts.noLogin || disabledByEnvironment }

    /// `AWS_SSO_TUI_NO_LOGIN` set to anything but empty, 0, false or no.
    static var disabledByEnvironment: Bool {
        let v = (ConfigCLI.environment["AWS_SSO_TUI_NO_LOGIN"] ?? "").lowercased()
        return !(v.isEmpty || v == "0" || v == "false" || v == "no")
    }

    /// Runs `body`; on "not logged in" (exit 3) logs in on the terminal when allowed and runs it again.
    static func run<T>(_ ctx: SSOContext, _ opts: AutoLoginOptions, _ body: (SSOContext) async throws -> T) async throws -> T {
        do {
            return try await body(ctx)
        } catch let e as CLIError where e.exitCode == 3 {
            guard !disabled(opts), let tty = TTYWriter.open() else { throw e }
            try await login(ctx, on: tty)
            return try await body(ctx)
        }
    }

    /// The device-code login drawn on `tty`.
    static func login(_ ctx: SSOContext, on tty: TTYWriter) async throws {
        tty.write("aws-sso-tui: \(ctx.label) needs a login.\r\n")
        let token = try await DeviceLoginFlow.cancellable {
            try await DeviceLoginFlow.run(ctx, noBrowser: false, say: { tty.write($0 + "\r\n") }, status: { tty.write($0) })
        }
        let left = Int(token.expiresAt.timeIntervalSinceNow / 60)
        tty.write("Logged in to \(ctx.label) for \(left / 60)h \(left % 60)m.\r\n")
    }
}

/// The controlling terminal, opened for writing prompts (closed on deinit).
final class TTYWriter: @unchecked Sendable {
    let fd: Int32
    private init(fd: Int32) { self.fd = fd }
    deinit { close(fd) }

    /// `/dev/tty`, or nil when the process has no controlling terminal.
    static func open() -> TTYWriter? {
        let fd = Glibc.open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        guard isatty(fd) == 1 else { close(fd); return nil }
        return TTYWriter(fd: fd)
    }

    /// One line typed on the terminal (without its newline); nil at end of input.
    func readLine() -> String? {
        var bytes: [UInt8] = []
        var b: UInt8 = 0
        while Glibc.read(fd, &b, 1) == 1 {
            if b == 0x0A { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(b)
        }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }

    func write(_ s: String) {
        var bytes = Array(s.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; return }
            bytes = bytes.dropFirst(n)
        }
    }
}
