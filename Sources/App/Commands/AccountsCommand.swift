import ArgumentParser

struct AccountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "accounts", abstract: "Accounts visible to the logged-in session.")
    @OptionGroup var global: GlobalOptions
    func run() async throws { throw CLI.notImplemented("accounts") }
}
