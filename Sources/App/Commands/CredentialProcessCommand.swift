import ArgumentParser
import Core
import Foundation

/// `credential-process`: for a `credential_process = aws-sso-tui credential-process --profile P`
/// line. Prints the `Version: 1` JSON; reuses cached credentials; exits 3 when a login is needed.
struct CredentialProcessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "credential-process", abstract: "Role credentials for a credential_process = line.")
    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "The profile whose sso_* settings to use.") var profile: String?

    func run() async throws {
        let c = try await ProfileCredentials.get(global: global, profile: profile)
        FileHandle.standardOutput.write(Data(CredentialFormat.process.render(c).utf8))
    }
}
