import ArgumentParser

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Each sso-session: start URL, region, logged in or not, expiry (from the cache; no network).")
    @OptionGroup var global: GlobalOptions
    func run() async throws { throw CLI.notImplemented("status") }
}
