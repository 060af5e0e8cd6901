import ArgumentParser
import Core
import Foundation

/// `roles`: every (account, role) pair of the session, or one account's roles. The full listing
/// is paced and concurrent (see ``AccountTreeLoader``).
struct RolesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "roles", abstract: "Every (account, role) pair, or one account's roles.")
    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "The sso-session.") var session: String?
    @Option(name: .long, help: "Use the sso-session of this profile.") var profile: String?
    @Option(name: .long, help: "Only this account's roles.") var account: String?
    @Option(name: .long, help: "Requests in flight at most (default 16).") var concurrency: Int = 16
    @Flag(name: .long, help: "Machine-readable output.") var json = false

    func run() async throws {
        let ctx = try SSOContext.resolve(global: global, session: session, profile: profile)
        let token = try await ctx.accessToken()
        var names: [String: String] = [:]
        var pairs: [AccountRole] = []
        var failures: [String] = []
        if let account {
            var next: String? = nil
            do {
                repeat {
                    let page = try await withRetries { try await ctx.portal.listAccountRoles(accessToken: token, accountId: account, nextToken: next, maxResults: PortalClient.maxPageSize) }
                    pairs += page.items
                    next = page.nextToken
                } while next != nil
            } catch { throw ctx.mapPortalError(error) }
        } else {
            var opts = ListingOptions()
            opts.concurrency = max(1, concurrency)
            let loader = AccountTreeLoader(portal: ctx.portal, accessToken: token, options: opts)
            let runner = Task { await loader.run() }
            for await e in loader.events {
                switch e {
                case .accounts(let a): for x in a { names[x.accountId] = x.accountName }
                case .roles(_, let r): pairs += r
                case .accountFailed(let id, let m): failures.append("\(id): \(m)")
                case .unauthorized(let m):
                    runner.cancel()
                    throw CLIError.notLoggedIn("\(ctx.label): the SSO token was rejected (\(m)); \(ctx.loginHint)")
                case .failed(let m):
                    runner.cancel()
                    throw CLIError(message: m)
                default: break
                }
            }
        }
        pairs.sort { a, b in
            let x = names[a.accountId]?.lowercased() ?? "", y = names[b.accountId]?.lowercased() ?? ""
            if x != y { return x < y }
            if a.accountId != b.accountId { return a.accountId < b.accountId }
            return a.roleName < b.roleName
        }
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
