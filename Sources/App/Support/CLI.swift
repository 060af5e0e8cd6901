import ArgumentParser
import Core
import Foundation

/// Options every subcommand takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Config file (default: $AWS_CONFIG_FILE, else ~/.aws/config).")
    var config: String?
}

/// An error that ends a subcommand with a one-line message on stderr and a contract exit code
/// (1 error, 2 usage, 3 not logged in / token expired).
struct CLIError: Error, CustomStringConvertible {
    var message: String
    var exitCode: Int32 = 1
    var description: String { message }

    static func notLoggedIn(_ message: String) -> CLIError { CLIError(message: message, exitCode: 3) }
    static func usage(_ message: String) -> CLIError { CLIError(message: message, exitCode: 2) }
}

enum CLI {
    /// Options every subcommand takes (`--config FILE`, `--config=FILE`).
    static let globalOptions = ["--config"]

    /// Global options given before the subcommand (`aws-sso-tui --config FILE profiles list`, as
    /// in the AWS CLI and git) are moved after the subcommand's name, where the parser takes
    /// them. Anything after the subcommand stays where it is (`exec -- CMD --config x` keeps
    /// CMD's arguments).
    static func hoistGlobalOptions(_ args: [String], root: any ParsableCommand.Type) -> [String] {
        var hoisted: [String] = []
        var rest: [String] = []
        var i = 0
        // Leading global options, before any other word.
        while i < args.count {
            let a = args[i]
            if globalOptions.contains(a), i + 1 < args.count {
                hoisted += [a, args[i + 1]]; i += 2; continue
            }
            if globalOptions.contains(where: { a.hasPrefix($0 + "=") }) { hoisted.append(a); i += 1; continue }
            break
        }
        guard !hoisted.isEmpty else { return args }
        rest = Array(args[i...])
        // The subcommand path: words naming nested subcommands.
        var command: any ParsableCommand.Type = root
        var depth = 0
        while depth < rest.count,
              let sub = command.configuration.subcommands.first(where: { $0.configuration.commandName == rest[depth] }) {
            command = sub
            depth += 1
        }
        if depth == 0 { return hoisted + rest }   // the default subcommand (the TUI) takes them
        return Array(rest[..<depth]) + hoisted + Array(rest[depth...])
    }

    /// Runs the root command, mapping errors to the contract's exit codes and one-line messages.
    static func main(_ root: any AsyncParsableCommand.Type) async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments == ["--version"] {
            FileHandle.standardOutput.write(Data((CoreVersion.string + "\n").utf8))
            exit(0)
        }
        do {
            var command = try root.parseAsRoot(hoistGlobalOptions(arguments, root: root))
            Settings.current = try Settings.load(ProcessInfo.processInfo.environment)
            if var async = command as? any AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
            exit(0)
        } catch let e as ExitCode where e.rawValue > 128 {
            // A signal ended the command (the TUI restored the terminal): its code, quietly.
            exit(e.rawValue)
        } catch let e as CLIError {
            // An empty message: the code says it all (a signal ended the picker).
            if !e.message.isEmpty { FileHandle.standardError.write(Data("aws-sso-tui: \(ConfigCLI.safeLines(e.message))\n".utf8)) }
            exit(e.exitCode)
        } catch {
            let code = root.exitCode(for: error)
            if code == .success || error is CleanExit {
                root.exit(withError: error)
            }
            // ArgumentParser's own errors (usage, help) keep its formatting and exit code 2 for usage.
            if code.rawValue == 64 || code == .validationFailure {
                FileHandle.standardError.write(Data((root.fullMessage(for: error) + "\n").utf8))
                exit(2)
            }
            let msg = root.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            FileHandle.standardError.write(Data("aws-sso-tui: \(ConfigCLI.safe(msg))\n".utf8))
            exit(code.rawValue == 0 ? 1 : code.rawValue)
        }
    }
}
