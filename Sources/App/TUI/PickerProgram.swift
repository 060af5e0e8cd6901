import Core
import Foundation

/// The picker over every session's roles, as `awsp` (`use` without a name) runs it.
enum PickerCommandSupport {
    /// Runs the picker on /dev/tty; the shell code for the chosen row, or nil when left unchosen.
    static func pickForShell(global: GlobalOptions, doc: ConfigDocument, shell: ShellKind, login: AutoLoginOptions) async throws -> String? {
        throw CLIError.usage("give a profile name: aws-sso-tui use NAME --shell \(shell.rawValue)")
    }
}
