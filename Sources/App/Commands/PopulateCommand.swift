import ArgumentParser
import Core
import Foundation

/// `populate`: one profile per (account, role) of a session (see ``Populator``).
struct PopulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "populate", abstract: "One profile per (account, role) of a session.",
        discussion: """
            Names come from --template with {account_name}, {account_id}, {role_name} and {session}, \
            slugged (default: \(ProfileNaming.defaultTemplate), e.g. acme-dev-poweruser). Profiles made \
            here carry `\(ProfileNaming.generatedKey) = true`; a re-run updates them, --prune removes those \
            whose account or role is gone, and hand-made profiles are never touched.
            """)
    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "The sso-session.", completion: .sessions) var session: String?
    @OptionGroup var loginOptions: AutoLoginOptions
    @Option(name: .long, help: "Profile name template.") var template: String = ProfileNaming.defaultTemplate
    @Option(name: .long, help: "region = for the profiles (default: the session's region).") var region: String?
    @Option(name: .long, help: "output = for the profiles (json, yaml, yaml-stream, text, table).") var output: String?
    @Flag(name: .long, help: "Print the diff of the config file; write nothing.") var dryRun = false
    @Flag(name: .long, help: "Remove generated profiles whose account or role is gone.") var prune = false

    func run() async throws {
        do { try ProfileNaming.validate(template: template) } catch { throw CLIError.usage("\(error)") }
        if let o = output, !["json", "yaml", "yaml-stream", "text", "table"].contains(o) {
            throw CLIError.usage("unknown --output \(ConfigCLI.safe(o)); one of json, yaml, yaml-stream, text, table")
        }
        let ctx = try SSOContext.resolve(global: global, session: session, profile: nil)
        guard let sessionName = ctx.session.name else { throw CLIError(message: "populate needs an sso-session") }
        let tree: AccountTree = try await AutoLogin.run(ctx, loginOptions) { ctx in
            let token = try await ctx.accessToken()
            do { return try await AccountTreeLoader(portal: ctx.portal, accessToken: token).collect() } catch { throw ctx.mapPortalError(error) }
        }
        let accounts = tree.accounts, roles = tree.roles
        // Never write from a partial listing: a missing account would look like a removed one.
        if let first = tree.failures.first {
            throw CLIError(message: "\(tree.failures.count) account(s) could not be listed, nothing written; first: \(first.accountId): \(first.message)")
        }
        let pop = Populator(session: sessionName, template: template, region: region ?? ctx.session.region, output: output)
        if dryRun {
            let before = ctx.doc.render()
            var after = ctx.doc
            let plan = pop.plan(doc: after, accounts: accounts, roles: roles)
            try ConfigCLI.run { try pop.apply(plan, to: &after, prune: prune) }
            let diff = LineDiff.unified(before, after.render(), fromName: ctx.store.targetPath, toName: ctx.store.targetPath + " (after populate)")
            FileHandle.standardOutput.write(Data(diff.utf8))
            FileHandle.standardError.write(Data((summary(plan, sessionName: sessionName) + " (dry run: nothing written)\n").utf8))
            return
        }
        var plan = PopulatePlan()
        try ConfigCLI.run {
            try ctx.store.update { doc in
                plan = pop.plan(doc: doc, accounts: accounts, roles: roles)
                try pop.apply(plan, to: &doc, prune: prune)
            }
        }
        ConfigCLI.say(summary(plan, sessionName: sessionName))
    }

    func summary(_ p: PopulatePlan, sessionName: String) -> String {
        "populate \(ConfigCLI.safe(sessionName)): " + p.summary(prune: prune, staleHint: "use --prune to remove")
    }
}
