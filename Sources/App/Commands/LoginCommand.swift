import ArgumentParser

struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "login", abstract: "Device-code login in a plain terminal: prints URL and code, waits, caches the token.")
    @OptionGroup var global: GlobalOptions
    func run() async throws { throw CLI.notImplemented("login") }
}
