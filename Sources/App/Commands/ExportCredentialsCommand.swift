import ArgumentParser

struct ExportCredentialsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export-credentials", abstract: "Role credentials, in the formats AWS CLI v2 prints.")
    @OptionGroup var global: GlobalOptions
    func run() async throws { throw CLI.notImplemented("export-credentials") }
}
