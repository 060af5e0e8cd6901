import ArgumentParser
import Core
import Foundation

/// `aws-sso-tui`: with no subcommand, the full-screen TUI; otherwise one of the subcommands.
struct AwsSsoTui: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aws-sso-tui",
        abstract: "AWS IAM Identity Center (AWS SSO) in one screen: sessions, accounts, roles, profiles.",
        discussion: """
            With no subcommand, opens the full-screen TUI (its options: --config FILE, --pkce to \
            log in with the authorization code flow, --pkce-port N; see `aws-sso-tui tui --help`). \
            Config: --config FILE, else $AWS_CONFIG_FILE, else ~/.aws/config. Exit codes: 0 ok, \
            1 error, 2 usage, 3 not logged in or token expired.
            """,
        subcommands: [
            TUICommand.self,
            LoginCommand.self, LogoutCommand.self, StatusCommand.self,
            SessionsCommand.self, AccountsCommand.self, RolesCommand.self,
            ProfilesCommand.self, PopulateCommand.self,
            ExportCredentialsCommand.self, CredentialProcessCommand.self, ConsoleCommand.self,
            ExecCommand.self, UseCommand.self, ShellInitCommand.self, BenchDailyCommand.self,
            DemoCommand.self, CompletionCommand.self, ManCommand.self, BenchListCommand.self,
            DoctorCommand.self,
        ],
        defaultSubcommand: TUICommand.self
    )

    // Only for --help: `--version` is answered before parsing (CLI.main), so that it is an
    // option of the root command alone, not of every subcommand.
    @Flag(name: .long, help: "Show the version.") var version = false
}

await CLI.main(AwsSsoTui.self)
