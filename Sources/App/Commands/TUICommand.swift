import ArgumentParser
import Core
import Foundation
import TUIKit

/// The full-screen TUI (the default when no subcommand is given).
struct TUICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui", abstract: "The full-screen TUI (default).", shouldDisplay: false)
    @OptionGroup var global: GlobalOptions
    @Flag(name: .long, help: "Log in with the authorization code flow (PKCE, as AWS CLI v2 2.22+) instead of the device code; p on the login screen switches.")
    var pkce = false
    @Option(name: .long, help: "The fixed 127.0.0.1 port for PKCE logins (for SSH port forwarding); default a free port.")
    var pkcePort: UInt16?

    func run() async throws {
        let reason = try await TUIProgram.run(global: global, pkce: pkce, pkcePort: pkcePort)
        if case .signal(let s) = reason { throw ExitCode(128 + s) }
    }
}

/// Builds the runtime from the pieces (state, update, view, keys, effect runner).
enum TUIProgram {
    static func makeRuntime(global: GlobalOptions, environment: [String: String] = ProcessInfo.processInfo.environment,
                            runner: TUIEffectRunner? = nil, pkce: Bool = false, pkcePort: UInt16? = nil,
                            perform: Runtime<TUIState, TUIMsg, UIEffect>.Perform? = nil) -> Runtime<TUIState, TUIMsg, UIEffect> {
        let path = ConfigStore.resolvePath(explicit: global.config, environment: environment)
        var ui = UIState(configPath: path, now: Date())
        if pkce { ui.loginMethod = .pkce }
        var state = TUIState(ui: ui, noColor: !(environment["NO_COLOR"] ?? "").isEmpty)
        state.doctor.environment = environment
        if let size = terminalSize() { state.size = size }   // later sizes come as resize events
        let runner = runner ?? TUIEffectRunner(global: global, environment: environment, pkcePort: pkcePort)
        return Runtime(state: state, commands: TUIUpdate.initialCommands(),
                       update: TUIUpdate.update, view: TUIView.render,
                       input: { _, ev in .input(ev) },
                       perform: perform ?? { effect, d in await runner.run(effect) { d.send(.ui($0)) } })
    }

    /// The terminal's size now (list pages are sized from it before the first resize event).
    static func terminalSize() -> Size? {
        var ws = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0, ws.ws_row > 0 else { return nil }
        return Size(width: Int(ws.ws_col), height: Int(ws.ws_row))
    }

    static func run(global: GlobalOptions, pkce: Bool = false, pkcePort: UInt16? = nil) async throws -> ExitReason {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw CLIError(message: "the TUI needs a terminal; see `aws-sso-tui --help` for the subcommands")
        }
        let rt = makeRuntime(global: global, pkce: pkce, pkcePort: pkcePort)
        return try await rt.run(on: CursesTerminal())
    }
}
