import ArgumentParser
import Foundation

/// `aws-sso-tui demo`: the TUI against the built-in emulator in a throw-away HOME.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "The full TUI against a built-in emulated IAM Identity Center, in a throw-away HOME.")

    func run() async throws {
        try await TUICommand.parse([]).run()
    }
}
