import ArgumentParser
import Core
import Foundation

/// `accounts`: every account the logged-in session can see (every page), in ``Account/sortKey`` order.
struct AccountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "accounts", abstract: "Accounts visible to the logged-in session.")
    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "The sso-session.", completion: .sessions) var session: String?
    @Option(name: .long, help: "Use the sso-session of this profile.", completion: .profiles) var profile: String?
    @OptionGroup var loginOptions: AutoLoginOptions
    @Flag(name: .long, help: "Machine-readable output.") var json = false

    func run() async throws {
        let ctx = try SSOContext.resolve(global: global, session: session, profile: profile)
        var accounts: [Account] = try await AutoLogin.run(ctx, loginOptions) { ctx in
            let token = try await ctx.accessToken()
            do { return try await ctx.portal.allAccounts(accessToken: token, policy: SSOContext.policy) } catch { throw ctx.mapPortalError(error) }
        }
        accounts = accounts.sortedByName()
        if json {
            try ConfigCLI.printJSON(accounts.map { a -> [String: Any] in
                ["accountId": a.accountId, "accountName": ConfigCLI.j(a.accountName), "emailAddress": ConfigCLI.j(a.emailAddress)]
            })
        } else {
            ConfigCLI.say(ConfigCLI.table(["ACCOUNT ID", "NAME", "EMAIL"],
                                          accounts.map { [$0.accountId, ConfigCLI.safe($0.accountName ?? ""), ConfigCLI.safe($0.emailAddress ?? "")] }))
        }
    }
}
