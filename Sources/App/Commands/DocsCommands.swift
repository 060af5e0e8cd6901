import ArgumentParser
import Core
import Foundation

/// `completion bash|zsh|fish`: the shell completion script, generated from the argument definitions.
struct CompletionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "completion", abstract: "Print a shell completion script (bash, zsh or fish).",
        discussion: """
            bash: aws-sso-tui completion bash > /etc/bash_completion.d/aws-sso-tui
            zsh:  aws-sso-tui completion zsh > "${fpath[1]}/_aws-sso-tui"
            fish: aws-sso-tui completion fish > ~/.config/fish/completions/aws-sso-tui.fish
            """)
    @Argument(help: "bash, zsh or fish") var shell: String

    func run() throws {
        guard let s = CompletionShell(rawValue: shell) else { throw CLIError.usage("unknown shell \(ConfigCLI.safe(shell)); one of bash, zsh, fish") }
        print(AwsSsoTui.completionScript(for: s))
    }
}

/// `man`: a man page (roff) generated from the same definitions as `--help`.
struct ManCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "man", abstract: "Print the man page (roff): aws-sso-tui man > /usr/local/share/man/man1/aws-sso-tui.1")

    func run() throws {
        print(Self.render(), terminator: "")
    }

    static func roff(_ s: String) -> String {
        s.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var l = String(line).replacingOccurrences(of: "\\", with: "\\\\")
            if l.hasPrefix(".") || l.hasPrefix("'") { l = "\\&" + l }
            return l
        }.joined(separator: "\n")
    }

    static func render() -> String {
        let root = AwsSsoTui.configuration
        var out = ".TH AWS-SSO-TUI 1 \"\" \"aws-sso-tui \(CoreVersion.string)\" \"User Commands\"\n"
        out += ".SH NAME\naws-sso-tui \\- \(roff(root.abstract))\n"
        out += ".SH SYNOPSIS\n.B aws-sso-tui\n[\\fB\\-\\-config\\fR \\fIFILE\\fR]\n.br\n.B aws-sso-tui\n\\fISUBCOMMAND\\fR [\\fIOPTIONS\\fR]\n"
        out += ".SH DESCRIPTION\n\(roff(root.discussion))\n"
        out += ".SH SUBCOMMANDS\n"
        for sub in root.subcommands {
            let c = sub.configuration
            guard c.shouldDisplay, let name = c.commandName else { continue }
            out += ".SS \(name)\n.nf\n\(roff(AwsSsoTui.helpMessage(for: sub, columns: 78)))\n.fi\n"
        }
        out += """
            .SH FILES
            .TP
            .I ~/.aws/config
            The AWS config file (or \\fB$AWS_CONFIG_FILE\\fR, or \\fB\\-\\-config\\fR). A backup of the previous version is kept in config.bak.
            .TP
            .I ~/.aws/sso/cache/
            SSO tokens and client registrations, shared with AWS CLI v2 and botocore.
            .TP
            .I ~/.aws/cli/cache/
            Cached role credentials, shared with AWS CLI v2.
            .SH ENVIRONMENT
            AWS_CONFIG_FILE, AWS_PROFILE, AWS_ENDPOINT_URL_SSO, AWS_ENDPOINT_URL_SSO_OIDC, AWS_ENDPOINT_URL,
            AWS_IGNORE_CONFIGURED_ENDPOINT_URLS, AWS_CA_BUNDLE, HTTPS_PROXY, NO_PROXY, BROWSER, NO_COLOR,
            AWS_SSO_TUI_FEDERATION_ENDPOINT, AWS_SSO_TUI_HTTP_TIMEOUT.
            .SH EXIT STATUS
            0 ok; 1 error; 2 usage; 3 not logged in or token expired.

            """
        return out
    }
}
