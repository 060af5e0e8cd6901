import ArgumentParser
import Core
import Foundation

/// `credential-process`: for a `credential_process = aws-sso-tui credential-process --profile P`
/// line. Prints the `Version: 1` JSON; reuses cached credentials; exits 3 when a login is needed.
struct CredentialProcessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "credential-process", abstract: "Role credentials for a credential_process = line.")
    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "The profile whose sso_* settings to use.", completion: .profiles) var profile: String?
    @OptionGroup var loginOptions: AutoLoginOptions

    func run() async throws {
        let ctx = try ProfileCredentials.context(global: global, profile: profile)
        let c = try await AutoLogin.run(ctx, loginOptions) { try await ProfileCredentials.get($0) }
        FileHandle.standardOutput.write(Data(CredentialFormat.process.render(c).utf8))
    }
}
