import ArgumentParser
import Core
import Foundation
import TUIKit

/// The full-screen TUI (the default when no subcommand is given).
struct TUICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui", abstract: "The full-screen TUI (default).", shouldDisplay: false)
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let screen = PlaceholderScreen()
        screen.start()
        defer { screen.stop() }
        while true {
            screen.clear()
            screen.text("aws-sso-tui \(CoreVersion.string)", row: 0, col: 0, bold: true)
            screen.text("Zürich 東京 ✓  — the full TUI is under construction.", row: 2, col: 2)
            screen.text("q or Ctrl-C quits.", row: 4, col: 2)
            screen.refresh()
            let k = screen.readKey()
            if k == Int(UInt8(ascii: "q")) || k == 3 { break }
        }
    }
}
