import ArgumentParser
import Core
import Foundation

/// `accounts`: every account the logged-in session can see (every page), sorted by name.
struct AccountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "accounts", abstract: "Accounts visible to the logged-in session.")
    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "The sso-session.") var session: String?
    @Option(name: .long, help: "Use the sso-session of this profile.") var profile: String?
    @Flag(name: .long, help: "Machine-readable output.") var json = false

    func run() async throws {
        let ctx = try SSOContext.resolve(global: global, session: session, profile: profile)
        let token = try await ctx.accessToken()
        var accounts: [Account] = []
        var next: String? = nil
        do {
            repeat {
                let page = try await withRetries { try await ctx.portal.listAccounts(accessToken: token, nextToken: next, maxResults: PortalClient.maxPageSize) }
                accounts += page.items
                next = page.nextToken
            } while next != nil
        } catch {
            throw ctx.mapPortalError(error)
        }
        accounts.sort(by: Listing.accountOrder)
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

enum Listing {
    /// Sorted by name (case-insensitive, unnamed last), then id.
    static func accountOrder(_ a: Account, _ b: Account) -> Bool {
        let x = a.accountName?.lowercased() ?? "\u{10FFFF}", y = b.accountName?.lowercased() ?? "\u{10FFFF}"
        return x != y ? x < y : a.accountId < b.accountId
    }
}

/// Retries 429, 5xx and lost connections with exponential back-off and full jitter (6 attempts).
func withRetries<T: Sendable>(_ body: () async throws -> T) async throws -> T {
    var attempt = 0
    while true {
        do { return try await body() } catch let e as SSOClientError where e.isRetryable && attempt < 5 {
            attempt += 1
            let cap = min(4.0, 0.1 * pow(2, Double(attempt)))
            try await Task.sleep(nanoseconds: UInt64(Double.random(in: 0...cap) * 1e9))
        }
    }
}
