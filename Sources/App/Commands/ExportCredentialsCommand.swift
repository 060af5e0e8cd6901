import ArgumentParser
import Core
import Foundation

/// Resolves a profile to role credentials through the AWS CLI v2 cache.
enum ProfileCredentials {
    /// The context of `profile`, else `$AWS_PROFILE`, else `default`.
    static func context(global: GlobalOptions, profile: String?) throws -> SSOContext {
        let name = profile ?? ConfigCLI.environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        return try SSOContext.resolve(global: global, session: nil, profile: name)
    }

    static func get(global: GlobalOptions, profile: String?) async throws -> RoleCredentials {
        try await get(context(global: global, profile: profile))
    }

    /// The profile's role credentials: cached, or fetched with a valid (refreshed) token.
    static func get(_ ctx: SSOContext) async throws -> RoleCredentials {
        guard let p = ctx.profile, let account = p.ssoAccountId, let role = p.ssoRoleName else {
            throw CLIError(message: "profile \(ConfigCLI.safe(ctx.profile?.name ?? "")) has no sso_account_id / sso_role_name")
        }
        return try await fetch(ctx, accountId: account, role: role)
    }

    /// One (account, role)'s credentials in the context's session: cached, or fetched.
    static func fetch(_ ctx: SSOContext, accountId account: String, role: String) async throws -> RoleCredentials {
        do {
            return try await ctx.roleCredentials(accountId: account, role: role)
        } catch let e as TokenUnavailable {
            throw CLIError.notLoggedIn("\(ctx.label): \(e.description); \(ctx.loginHint)")
        } catch {
            throw ctx.mapPortalError(error)
        }
    }
}

/// `export-credentials`: role credentials for a profile in the formats AWS CLI v2 prints.
struct ExportCredentialsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export-credentials", abstract: "Role credentials, in the formats AWS CLI v2 prints.")
    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "The profile (default: $AWS_PROFILE, else default).", completion: .profiles) var profile: String?
    @Option(name: .long, help: "process, env, env-no-export, powershell, windows-cmd or fish.",
            completion: .list(CredentialFormat.allCases.map(\.rawValue))) var format: String = "process"
    @OptionGroup var loginOptions: AutoLoginOptions

    func run() async throws {
        guard let f = CredentialFormat(rawValue: format) else {
            throw CLIError.usage("unknown --format \(ConfigCLI.safe(format)); one of: \(CredentialFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let ctx = try ProfileCredentials.context(global: global, profile: profile)
        let c = try await AutoLogin.run(ctx, loginOptions) { try await ProfileCredentials.get($0) }
        FileHandle.standardOutput.write(Data(f.render(c).utf8))
    }
}
