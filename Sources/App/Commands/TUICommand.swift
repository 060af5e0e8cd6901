import ArgumentParser
import Core
import Foundation
import TUIKit

/// The full-screen TUI (the default when no subcommand is given).
struct TUICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui", abstract: "The full-screen TUI (default).", shouldDisplay: false)
    @OptionGroup var global: GlobalOptions

    struct Screen {}
    enum Msg: Sendable { case quit }

    func run() async throws {
        let version = CoreVersion.string
        let runtime = Runtime<Screen, Msg, Never>(
            state: Screen(),
            update: { _, _ in [.quit] },
            view: { _, size in
                var c = Canvas(size: size)
                c.text("aws-sso-tui \(version)", at: Point(x: 0, y: 0), style: .bold)
                c.text("Zürich 東京 ✓  — the full TUI is under construction.", at: Point(x: 2, y: 2))
                c.text("q or Ctrl-C quits.", at: Point(x: 2, y: 4))
                return c
            },
            input: { _, event in
                switch event {
                case .key(.char("q")), .key(.ctrl("c")): return .quit
                default: return nil
                }
            })
        let reason = try await runtime.run(on: CursesTerminal())
        if case .signal(let s) = reason { throw ExitCode(128 + s) }
    }
}
