import ArgumentParser

struct RolesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "roles", abstract: "Every (account, role) pair, or one account's roles.")
    @OptionGroup var global: GlobalOptions
    func run() async throws { throw CLI.notImplemented("roles") }
}
