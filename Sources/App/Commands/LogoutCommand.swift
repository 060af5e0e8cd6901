import ArgumentParser
import Core
import Foundation

/// `logout`: calls the portal's Logout with the cached token, then deletes that session's token
/// file and the cached role credentials of its profiles. `--all` does what `aws sso logout` does:
/// every token file and every SSO role-credential file.
struct LogoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout",
        abstract: "Log out: portal Logout, delete the cached token and role credentials.")
    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "The sso-session to log out.", completion: .sessions) var session: String?
    @Option(name: .long, help: "Log out the sso-session of this profile.", completion: .profiles) var profile: String?
    @Flag(name: .long, help: "Every session: all cached SSO tokens and role credentials (as `aws sso logout`).") var all = false

    func run() async throws {
        if all {
            if session != nil || profile != nil { throw CLIError.usage("--all takes no --session or --profile") }
            try await logoutAll()
            return
        }
        let ctx = try SSOContext.resolve(global: global, session: session, profile: profile)
        do {
            try await SessionLogout.run(ctx.session, doc: ctx.doc, tokens: ctx.tokens, roleCache: ctx.roleCache) { t in
                PortalClient(transport: ctx.transport, baseURL: ctx.resolver.url(for: .portal, region: t.region), timeout: 10, policy: SSOContext.policy)
            }
        } catch {
            throw CLIError(message: "\(error)")
        }
        ConfigCLI.say("Logged out of \(ctx.label).")
    }

    private func logoutAll() async throws {
        let home = ConfigCLI.home
        let cache = SSOCache.default(home: home)
        let env = ConfigCLI.environment
        let transport = SSOContext.makeTransport()
        let resolver = EndpointResolver(environment: env)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: cache.directory)) ?? []
        for f in files where f.hasSuffix(".json") {
            let key = String(f.dropLast(5))
            if let t = cache.loadToken(key: key).value, !t.region.isEmpty {
                let portal = PortalClient(transport: transport, baseURL: resolver.url(for: .portal, region: t.region), timeout: 10, policy: SSOContext.policy)
                try? await portal.logout(accessToken: t.accessToken)
            }
        }
        let deleted = try ConfigCLI.run { try cache.deleteAllTokens() }
        let creds = try ConfigCLI.run { try RoleCredentialCache.default(home: home).deleteSSOEntries() }
        ConfigCLI.say("Logged out: removed \(deleted.count) cached token(s) and \(creds.count) cached role credential file(s).")
    }
}
