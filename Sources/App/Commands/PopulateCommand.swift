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
    @Flag(name: .long, help: "Compat profiles for SDKs without sso-session support: sso_start_url and sso_region beside sso_session (marks the session compat).")
    var compat = false

    func run() async throws {
        do { try ProfileNaming.validate(template: template) } catch { throw CLIError.usage("\(error)") }
        if let o = output, !["json", "yaml", "yaml-stream", "text", "table"].contains(o) {
            throw CLIError.usage("unknown --output \(ConfigCLI.safe(o)); one of json, yaml, yaml-stream, text, table")
        }
        let ctx = try SSOContext.resolve(global: global, session: session, profile: nil)
        guard let sessionName = ctx.session.name else { throw CLIError(message: "populate needs an sso-session") }
        let tree: AccountTree = try await AutoLogin.run(ctx, loginOptions) { ctx in
            let token = try await ctx.accessToken()
            do { return try await AccountTreeLoader(portal: ctx.portal, accessToken: token, options: SSOContext.listingOptions).collect() } catch { throw ctx.mapPortalError(error) }
        }
        let accounts = tree.accounts, roles = tree.roles
        // Never write from a partial listing: a missing account would look like a removed one.
        if let first = tree.failures.first {
            throw CLIError(message: "\(tree.failures.count) account(s) could not be listed, nothing written; first: \(first.accountId): \(first.message)")
        }
        var pop = Populator(session: sessionName, template: template, region: region ?? ctx.session.region, output: output)
        for a in accounts { pop.accountNames[a.accountId] = a.accountName }
        let markCompat = compat && !CompatProfiles.isCompat(ctx.doc, session: sessionName)
        if compat || ctx.session.alsoStartURLKey { pop.compat = (ctx.session.startURL, ctx.session.region) }
        if dryRun {
            let before = ctx.doc.render()
            var after = ctx.doc
            let plan = pop.plan(doc: after, accounts: accounts, roles: roles)
            try ConfigCLI.run {
                try pop.apply(plan, to: &after, prune: prune)
                if markCompat { try after.setValues([(CompatProfiles.key, "true")], in: .ssoSession(sessionName)) }
            }
            // Both names are the file itself, so `patch -p0 < diff` (and `git apply`) applies it.
            let path = ctx.store.targetPath
            let diff = LineDiff.unified(before, after.render(), fromName: path, toName: path)
            // To a terminal, the file's lines are escaped; to a pipe or file they stay exact
            // (so that the diff applies).
            FileHandle.standardOutput.write(Data((isatty(STDOUT_FILENO) == 1 ? ConfigCLI.safeLines(diff) : diff).utf8))
            FileHandle.standardError.write(Data((ConfigCLI.safe(summary(plan, session: sessionName)) + " (dry run: nothing written)\n").utf8))
            return
        }
        var plan = PopulatePlan()
        try ConfigCLI.run {
            try ctx.store.update { doc in
                plan = pop.plan(doc: doc, accounts: accounts, roles: roles)
                try pop.apply(plan, to: &doc, prune: prune)
                if markCompat { try doc.setValues([(CompatProfiles.key, "true")], in: .ssoSession(sessionName)) }
            }
        }
        ConfigCLI.say(summary(plan, session: sessionName))
    }

    /// `populate NAME: 6 added, ...`, naming the session used (also when it was not given).
    func summary(_ p: PopulatePlan, session: String) -> String {
        "populate \(session): " + p.summary(prune: prune, staleHint: "use --prune to remove")
    }
}
