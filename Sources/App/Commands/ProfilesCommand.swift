import ArgumentParser

struct ProfilesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "profiles", abstract: "List, add, rename, remove profiles, or make one the default.")
    @OptionGroup var global: GlobalOptions
    func run() async throws { throw CLI.notImplemented("profiles") }
}
