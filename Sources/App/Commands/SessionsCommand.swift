import ArgumentParser

struct SessionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sessions", abstract: "List, add or remove [sso-session] sections.")
    @OptionGroup var global: GlobalOptions
    func run() async throws { throw CLI.notImplemented("sessions") }
}
