import ArgumentParser
import Core
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `exec`: runs a command with a role's credentials and region in its environment.
///
/// The process replaces itself with the command (`execvpe`), so the command's exit status is
/// ours exactly (a shell reports 128+N for a signal N), signals sent to us reach it (it *is* the
/// process), and stdin, stdout and stderr are its own. Only the credentials lookup runs before.
struct ExecCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec", abstract: "Run a command with a role's credentials and region in its environment.",
        discussion: """
            Sets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION, \
            AWS_REGION and AWS_DEFAULT_REGION (from --region, else the profile's region) and \
            AWS_SSO_TUI_PROFILE (the profile, or ACCOUNT/ROLE, for prompts); removes AWS_PROFILE and \
            AWS_DEFAULT_PROFILE. Without --profile or --account: $AWS_PROFILE. The exit status is the \
            command's (127: not found, 126: not executable). Credentials come from the AWS CLI v2 cache \
            when valid.
            Example: aws-sso-tui exec --profile dev -- aws sts get-caller-identity
            """)
    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "The profile (default: $AWS_PROFILE).", completion: .profiles) var profile: String?
    @Option(name: .long, help: "With --account and --role: the sso-session.", completion: .sessions) var session: String?
    @Option(name: .long, help: "12-digit account ID (with --role; instead of --profile).") var account: String?
    @Option(name: .long, help: "Role (permission set) name (with --account).") var role: String?
    @Option(name: .long, help: "AWS_REGION for the command (default: the profile's region).") var region: String?
    @OptionGroup var loginOptions: AutoLoginOptions
    @Argument(parsing: .captureForPassthrough, help: "The command and its arguments, after --.") var command: [String] = []

    func validate() throws {
        if command.first == "--help" || command.first == "-h" { throw CleanExit.helpRequest(self) }
        if command.first == "--" { return }
        if (account == nil) != (role == nil) { throw ValidationError("--account and --role go together") }
        if account != nil && profile != nil { throw ValidationError("give --profile or --account/--role, not both") }
        if session != nil && account == nil { throw ValidationError("--session goes with --account and --role") }
    }

    func run() async throws {
        let inheritedFDs = ExecSupport.openDescriptors()
        var argv = command
        if argv.first == "--" { argv.removeFirst() }
        guard !argv.isEmpty else { throw CLIError.usage("exec needs a command: aws-sso-tui exec [--profile P] -- COMMAND [ARG...]") }
        if (account == nil) != (role == nil) { throw CLIError.usage("--account and --role go together") }
        if account != nil && profile != nil { throw CLIError.usage("give --profile or --account/--role, not both") }
        if session != nil && account == nil { throw CLIError.usage("--session goes with --account and --role") }
        if let a = account, !(a.count == 12 && a.allSatisfy({ $0.isASCII && $0.isNumber })) {
            throw CLIError.usage("--account must be a 12-digit AWS account ID")
        }

        let creds: RoleCredentials
        let label: String
        var profileRegion: String?
        if let account, let role {
            let ctx = try SSOContext.resolve(global: global, session: session, profile: nil)
            creds = try await AutoLogin.run(ctx, loginOptions) { ctx in
                try await ProfileCredentials.fetch(ctx, accountId: account, role: role)
            }
            label = "\(account)/\(role)"
        } else {
            let ctx = try ProfileCredentials.context(global: global, profile: profile)
            creds = try await AutoLogin.run(ctx, loginOptions) { try await ProfileCredentials.get($0) }
            label = ctx.profile?.name ?? ""
            profileRegion = ctx.profile?.region
        }

        var env = ProcessInfo.processInfo.environment
        for k in ["AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                  "AWS_SECURITY_TOKEN", "AWS_CREDENTIAL_EXPIRATION"] {
            env[k] = nil
        }
        env["AWS_ACCESS_KEY_ID"] = creds.accessKeyId
        env["AWS_SECRET_ACCESS_KEY"] = creds.secretAccessKey
        env["AWS_SESSION_TOKEN"] = creds.sessionToken
        env["AWS_CREDENTIAL_EXPIRATION"] = AWSTime.formatOffset(creds.expiration)
        if let r = region ?? profileRegion, !r.isEmpty {
            env["AWS_REGION"] = r
            env["AWS_DEFAULT_REGION"] = r
        }
        env["AWS_SSO_TUI_PROFILE"] = label
        let err = ExecSupport.exec(argv, environment: env, keepOpen: inheritedFDs)
        throw CLIError(message: "exec: \(ConfigCLI.safe(argv[0])): \(err == ENOENT ? "command not found" : String(cString: strerror(err)))",
                       exitCode: err == ENOENT ? 127 : 126)
    }
}

/// The process-replacing part of `exec`.
enum ExecSupport {
    /// The file descriptors open now (read from /proc/self/fd), so that descriptors opened later
    /// by us (HTTP connections, cache files) do not leak into the command while the caller's
    /// own (`3>file`) stay.
    static func openDescriptors() -> Set<Int32> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return Set(names.compactMap { Int32($0) })
    }

    /// Replaces the process with `argv` (looked up in `$PATH` of `environment`). Returns only on
    /// failure, with errno.
    static func exec(_ argv: [String], environment: [String: String], keepOpen: Set<Int32>) -> Int32 {
        for fd in openDescriptors() where fd > 2 && !keepOpen.contains(fd) {
            let flags = fcntl(fd, F_GETFD)
            if flags >= 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
        }
        // Dispositions set to "ignore" survive exec; give the command the defaults.
        for s in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD, SIGTSTP, SIGTTIN, SIGTTOU] { signal(s, SIG_DFL) }
        var set = sigset_t()
        sigemptyset(&set)
        sigprocmask(SIG_SETMASK, &set, nil)
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        var path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        if path.isEmpty { path = "." }
        // execvpe searches the PATH of the *current* environment; search the child's ourselves.
        let file = argv[0]
        var err: Int32 = ENOENT
        if file.contains("/") {
            execve(file, cArgs, cEnv)
            err = errno
        } else {
            var sawEACCES = false
            for dir in path.split(separator: ":", omittingEmptySubsequences: false) {
                let d = dir.isEmpty ? "." : String(dir)
                execve(d + "/" + file, cArgs, cEnv)
                if errno == EACCES { sawEACCES = true }
                else if errno != ENOENT && errno != ENOTDIR { err = errno; break }
            }
            if err == ENOENT && sawEACCES { err = EACCES }
        }
        return err
    }
}
