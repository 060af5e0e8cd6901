import ArgumentParser

struct PopulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "populate", abstract: "One profile per (account, role) of a session.")
    @OptionGroup var global: GlobalOptions
    func run() async throws { throw CLI.notImplemented("populate") }
}
