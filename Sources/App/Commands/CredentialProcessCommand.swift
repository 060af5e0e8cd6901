import ArgumentParser

struct CredentialProcessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "credential-process", abstract: "Role credentials for a credential_process = line.")
    @OptionGroup var global: GlobalOptions
    func run() async throws { throw CLI.notImplemented("credential-process") }
}
