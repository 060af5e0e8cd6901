import ArgumentParser
import Core
import Foundation

/// `use NAME --shell S`: prints the shell code that switches the calling shell to a profile
/// (what `awsp NAME` evaluates); `--unset` the code that clears it; no NAME opens the picker
/// on the terminal and prints the code for the row chosen. Other shells and tools can call it:
/// `eval "$(aws-sso-tui use dev --shell bash)"`.
struct UseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "use", abstract: "Print the shell code that switches this shell to a profile (what awsp runs).",
        discussion: """
            bash/zsh/sh: eval "$(aws-sso-tui use NAME --shell bash)"; fish: aws-sso-tui use NAME --shell fish | source. \
            The code sets AWS_PROFILE (and AWS_REGION and AWS_DEFAULT_REGION when the profile has a region) and \
            unsets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and AWS_CREDENTIAL_EXPIRATION. \
            Without NAME, the picker over every session's roles opens on the terminal (/dev/tty) and the code for \
            the chosen row is printed (nothing when it is left with Esc or q). --list prints the profile names.
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The profile (none: open the picker).", completion: .profiles) var name: String?
    @Option(name: .long, help: "bash, zsh, fish or sh.") var shell: String = "bash"
    @Flag(name: .long, help: "Print the code that clears what a switch set.") var unset = false
    @Flag(name: .long, help: "Print the profile names, one per line (for completion).") var list = false
    @OptionGroup var loginOptions: AutoLoginOptions

    func run() async throws {
        guard let sh = ShellKind(rawValue: shell) else {
            throw CLIError.usage("unknown --shell \(ConfigCLI.safe(shell)); one of: bash, zsh, fish, sh")
        }
        let store = ConfigCLI.store(global)
        if list {
            guard let doc = try? store.load() else { return }
            let names = doc.profiles.map(\.name).filter(NameCompletion.isCompletable)
            if !names.isEmpty { ConfigCLI.say(names.joined(separator: "\n")) }
            return
        }
        if unset {
            if name != nil { throw CLIError.usage("--unset takes no profile name") }
            FileHandle.standardOutput.write(Data(ShellCode.unset(shell: sh).utf8))
            return
        }
        let doc = try ConfigCLI.run { try store.load() }
        guard let name else {
            if let code = try await PickerCommandSupport.pickForShell(global: global, doc: doc, shell: sh, login: loginOptions) {
                FileHandle.standardOutput.write(Data(code.utf8))
            }
            return
        }
        guard let p = doc.profile(named: name) else {
            throw CLIError(message: "profile \(ConfigCLI.safe(name)) not found in \(store.targetPath)"
                           + ConfigCLI.safe(NameSuggestions.hint(for: name, in: doc.profiles.map(\.name))))
        }
        await Self.checkLogin(global: global, doc: doc, profile: p, login: loginOptions)
        FileHandle.standardOutput.write(Data(ShellCode.use(profile: p.name, region: p.region, shell: sh).utf8))
    }

    /// An SSO profile whose session needs a login: log in on the terminal (auto-login), or say
    /// on stderr how to; the switch happens either way.
    static func checkLogin(global: GlobalOptions, doc: ConfigDocument, profile p: ProfileConfig, login: AutoLoginOptions) async {
        guard p.isSSO || p.ssoSession != nil, let ctx = try? SSOContext.resolve(global: global, session: nil, profile: p.name, doc: doc) else { return }
        do {
            _ = try await AutoLogin.run(ctx, login) { try await $0.accessToken() }
        } catch let e as CLIError {
            FileHandle.standardError.write(Data("aws-sso-tui: note: \(e.message)\n".utf8))
        } catch {
            FileHandle.standardError.write(Data("aws-sso-tui: note: \(error)\n".utf8))
        }
    }
}

/// `shell-init bash|zsh|fish`: the `awsp` function for the shell's rc file.
struct ShellInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell-init", abstract: "Print the awsp shell function (with Tab completion) for the rc file.",
        discussion: """
            bash (~/.bashrc): eval "$(aws-sso-tui shell-init bash)"; zsh (~/.zshrc): eval "$(aws-sso-tui shell-init zsh)"; \
            fish (~/.config/fish/config.fish): aws-sso-tui shell-init fish | source. \
            Then: awsp (the picker), awsp NAME (switch), awsp - (clear), awsp -c [NAME] (the AWS console); \
            Tab completes profile names.
            """)
    @Argument(help: "bash, zsh, fish or sh.") var shell: String

    func run() throws {
        guard let sh = ShellKind(rawValue: shell) else {
            throw CLIError.usage("unknown shell \(ConfigCLI.safe(shell)); one of: bash, zsh, fish, sh")
        }
        FileHandle.standardOutput.write(Data(ShellCode.initScript(binary: Self.selfPath(), shell: sh).utf8))
    }

    /// How this binary was invoked: an absolute path when it was run by path, else its name
    /// (found in $PATH by the shell, as it was now).
    static func selfPath() -> String {
        let arg0 = CommandLine.arguments.first ?? "aws-sso-tui"
        guard arg0.contains("/") else { return arg0 }
        if arg0.hasPrefix("/") { return arg0 }
        return (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(arg0)
    }
}
