import ArgumentParser
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
    /// Runs the root command, mapping errors to the contract's exit codes and one-line messages.
    static func main(_ root: any AsyncParsableCommand.Type) async {
        do {
            var command = try root.parseAsRoot()
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
            FileHandle.standardError.write(Data("aws-sso-tui: \(ConfigCLI.safeLines(e.message))\n".utf8))
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
