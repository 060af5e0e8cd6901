import ArgumentParser

struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "console", abstract: "AWS console sign-in URL for a role (federation), opened or printed.")
    @OptionGroup var global: GlobalOptions
    func run() async throws { throw CLI.notImplemented("console") }
}
