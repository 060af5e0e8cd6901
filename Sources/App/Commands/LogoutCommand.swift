import ArgumentParser

struct LogoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logout", abstract: "Log out: portal Logout, delete the cached token and role credentials.")
    @OptionGroup var global: GlobalOptions
    func run() async throws { throw CLI.notImplemented("logout") }
}
