import ArgumentParser
import Core
import Foundation

/// `roles`: every (account, role) pair of the session, or one account's roles. The full listing
/// is paced and concurrent (see ``AccountTreeLoader``).
struct RolesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "roles", abstract: "Every (account, role) pair, or one account's roles.")
    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "The sso-session.", completion: .sessions) var session: String?
    @Option(name: .long, help: "Use the sso-session of this profile.", completion: .profiles) var profile: String?
    @OptionGroup var loginOptions: AutoLoginOptions
    @Option(name: .long, help: "Only this account's roles.") var account: String?
    @Option(name: .long, help: "Requests in flight at most.") var concurrency: Int = 16
    @Flag(name: .long, help: "Machine-readable output.") var json = false

    func run() async throws {
        let ctx = try SSOContext.resolve(global: global, session: session, profile: profile)
        var (accounts, pairs, failures) = try await AutoLogin.run(ctx, loginOptions) { ctx in try await list(ctx) }
        pairs = pairs.sortedByAccount(accounts)
        try output(accounts: accounts, pairs: pairs, failures: failures)
    }

    func list(_ ctx: SSOContext) async throws -> ([Account], [AccountRole], [String]) {
        let token = try await ctx.accessToken()
        var accounts: [Account] = []
        var pairs: [AccountRole] = []
        var failures: [String] = []
        do {
            if let account {
                pairs = try await ctx.portal.allAccountRoles(accessToken: token, accountId: account, policy: SSOContext.policy)
            } else {
                var opts = SSOContext.listingOptions
                opts.concurrency = max(1, concurrency)
                let tree = try await AccountTreeLoader(portal: ctx.portal, accessToken: token, options: opts).collect()
                accounts = tree.accounts
                pairs = tree.roles
                failures = tree.failures.map { "\($0.accountId): \($0.message)" }
            }
        } catch { throw ctx.mapPortalError(error) }
        return (accounts, pairs, failures)
    }

    func output(accounts: [Account], pairs: [AccountRole], failures: [String]) throws {
        var names: [String: String] = [:]
        for a in accounts { names[a.accountId] = a.accountName }
        if json {
            try ConfigCLI.printJSON(pairs.map { p -> [String: Any] in
                var d: [String: Any] = ["accountId": p.accountId, "roleName": p.roleName]
                if account == nil { d["accountName"] = ConfigCLI.j(names[p.accountId]) }
                return d
            })
        } else {
            ConfigCLI.say(ConfigCLI.table(["ACCOUNT ID", "ACCOUNT NAME", "ROLE"],
                                          pairs.map { [$0.accountId, ConfigCLI.safe(names[$0.accountId] ?? ""), ConfigCLI.safe($0.roleName)] }))
        }
        if !failures.isEmpty {
            throw CLIError(message: "\(failures.count) account(s) could not be listed; first: \(failures[0])")
        }
    }
}
