import Foundation

/// The shells `shell-init` and `use` write code for.
public enum ShellKind: String, Sendable, CaseIterable {
    case bash, zsh, fish
    /// POSIX sh (and ksh, dash): the same code as bash, without completion.
    case sh
}

/// The shell code behind `awsp`: what `use NAME --shell S` prints for the calling shell to
/// evaluate, and the `awsp` function `shell-init S` prints. Pure text, no I/O.
///
/// Switching sets `AWS_PROFILE` (and `AWS_REGION` + `AWS_DEFAULT_REGION` when the profile has a
/// region) and unsets `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` and
/// `AWS_CREDENTIAL_EXPIRATION`, which would shadow the profile in every SDK. The region it set
/// is remembered in the shell variable `_awsp_region` (not exported), so that switching to a
/// profile without a region, or `awsp -`, removes only a region awsp set itself.
///
/// ```swift
/// ShellCode.use(profile: "dev", region: "eu-west-1", shell: .bash)
/// // export AWS_PROFILE='dev'
/// // unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_CREDENTIAL_EXPIRATION
/// // export AWS_REGION='eu-west-1' AWS_DEFAULT_REGION='eu-west-1'
/// // _awsp_region='eu-west-1'
/// ```
public enum ShellCode {
    static let shadowing = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_CREDENTIAL_EXPIRATION"]

    /// A literal for the shell: POSIX single quotes, or fish's single quotes (`\\` and `\'`).
    public static func quote(_ s: String, _ shell: ShellKind) -> String {
        if shell == .fish {
            return "'" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        }
        return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Code that switches the shell to `profile`.
    public static func use(profile: String, region: String?, shell: ShellKind) -> String {
        var out: [String] = []
        if shell == .fish {
            out.append("set -gx AWS_PROFILE \(quote(profile, shell))")
            for v in shadowing { out.append("set -e \(v)") }
        } else {
            out.append("export AWS_PROFILE=\(quote(profile, shell))")
            out.append("unset " + shadowing.joined(separator: " "))
        }
        if let r = region, !r.isEmpty {
            let q = quote(r, shell)
            if shell == .fish {
                out += ["set -gx AWS_REGION \(q)", "set -gx AWS_DEFAULT_REGION \(q)", "set -g _awsp_region \(q)"]
            } else {
                out += ["export AWS_REGION=\(q) AWS_DEFAULT_REGION=\(q)", "_awsp_region=\(q)"]
            }
        } else {
            out += clearRegion(shell)
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// Code that undoes what `use` set (`awsp -`).
    public static func unset(shell: ShellKind) -> String {
        (shell == .fish ? ["set -e AWS_PROFILE"] : ["unset AWS_PROFILE"]).joined(separator: "\n") + "\n"
            + clearRegion(shell).joined(separator: "\n") + "\n"
    }

    static func clearRegion(_ shell: ShellKind) -> [String] {
        if shell == .fish {
            return ["if set -q _awsp_region; and test \"$AWS_REGION\" = \"$_awsp_region\"; set -e AWS_REGION; set -e AWS_DEFAULT_REGION; end",
                    "set -e _awsp_region"]
        }
        return ["if [ -n \"${_awsp_region-}\" ] && [ \"${AWS_REGION-}\" = \"$_awsp_region\" ]; then unset AWS_REGION AWS_DEFAULT_REGION; fi",
                "unset _awsp_region"]
    }

    /// The `awsp` function (and its Tab completion of profile names) calling `binary`.
    public static func initScript(binary: String, shell: ShellKind) -> String {
        let bin = quote(binary, shell)
        if shell == .fish {
            return """
            # aws-sso-tui: awsp switches the AWS profile of this shell. Put in ~/.config/fish/config.fish:
            #   aws-sso-tui shell-init fish | source
            function awsp --description 'Switch the AWS profile of this shell (aws-sso-tui)'
                switch "$argv[1]"
                    case -c --console
                        if set -q argv[2]
                            command \(bin) console --profile $argv[2]
                        else
                            command \(bin) console
                        end
                        return $status
                    case -
                        set argv --unset
                end
                set -l code (command \(bin) use --shell fish $argv)
                or return $status
                string join \\n -- $code | source
                return 0
            end
            function __awsp_names
                command \(bin) use --list 2>/dev/null
            end
            complete -c awsp -e
            complete -c awsp -f -a '(__awsp_names)' -d profile
            complete -c awsp -f -s c -l console -d 'open the AWS console'
            complete -c awsp -f -l unset -d 'clear what awsp set'

            """
        }
        let sh = shell == .sh ? "bash" : shell.rawValue
        var s = """
            # aws-sso-tui: awsp switches the AWS profile of this shell. Put in ~/.\(shell == .zsh ? "zshrc" : "bashrc"):
            #   eval "$(aws-sso-tui shell-init \(shell.rawValue))"
            awsp() {
                case "${1-}" in
                    -c|--console)
                        if [ -n "${2-}" ]; then command \(bin) console --profile "$2"; else command \(bin) console; fi
                        return ;;
                    -) shift; set -- --unset "$@" ;;
                esac
                local _awsp_code
                _awsp_code="$(command \(bin) use --shell \(sh) "$@")" || return
                eval "$_awsp_code"
            }

            """
        switch shell {
        case .bash:
            s += """
                _awsp_complete() {
                    local cur="${COMP_WORDS[COMP_CWORD]}"
                    if [ "$COMP_CWORD" -eq 1 ] || { [ "$COMP_CWORD" -eq 2 ] && [ "${COMP_WORDS[1]}" = "-c" ]; }; then
                        local IFS=$'\\n'
                        COMPREPLY=($(compgen -W "$(command \(bin) use --list 2>/dev/null)" -- "$cur"))
                    fi
                }
                complete -F _awsp_complete awsp

                """
        case .zsh:
            s += """
                _awsp() {
                    if (( CURRENT == 2 )) || { (( CURRENT == 3 )) && [[ ${words[2]} == -c ]]; }; then
                        local -a _awsp_names
                        _awsp_names=("${(@f)$(command \(bin) use --list 2>/dev/null)}")
                        compadd -a _awsp_names
                    fi
                }
                if (( ! $+functions[compdef] )); then autoload -Uz compinit && compinit -u; fi
                compdef _awsp awsp

                """
        default:
            break
        }
        return s
    }
}
