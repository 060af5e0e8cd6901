import ArgumentParser
import Core
import Foundation

/// `sessions list|add|remove`: the `[sso-session NAME]` sections of the config file.
struct SessionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessions", abstract: "List, add or remove [sso-session] sections.",
        subcommands: [List.self, Add.self, Remove.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List sso-sessions and the profiles that use them.")
        @OptionGroup var global: GlobalOptions
        @Flag(name: .long, help: "Machine-readable output.") var json = false

        func run() async throws {
            let doc = try ConfigCLI.run { try ConfigCLI.store(global).load() }
            let sessions = doc.ssoSessions
            if json {
                try ConfigCLI.printJSON(["sessions": sessions.map { s -> [String: Any] in
                    ["name": s.name, "startUrl": ConfigCLI.j(s.startURL), "region": ConfigCLI.j(s.region),
                     "scopes": s.scopes, "profiles": doc.profiles(usingSession: s.name)]
                }])
                return
            }
            if sessions.isEmpty { ConfigCLI.say("no sso-sessions in \(ConfigCLI.store(global).targetPath)"); return }
            ConfigCLI.say(ConfigCLI.table(["NAME", "START URL", "REGION", "SCOPES", "PROFILES"], sessions.map { s in
                [ConfigCLI.safe(s.name), ConfigCLI.safe(s.startURL ?? "-"), ConfigCLI.safe(s.region ?? "-"),
                 s.scopes.isEmpty ? "-" : ConfigCLI.safe(s.scopes.joined(separator: ",")),
                 String(doc.profiles(usingSession: s.name).count)]
            }))
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add or update an [sso-session NAME] section.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Session name.") var name: String
        @Option(name: .customLong("start-url"), help: "The IAM Identity Center start URL (https://...).") var startURL: String
        @Option(name: .long, help: "The IAM Identity Center region, e.g. us-east-1.") var region: String
        @Option(name: .long, help: "Registration scopes, comma-separated (default sso:account:access).") var scopes: String?
        @Flag(name: .long, help: "Compat: profiles for SDKs without sso-session support, the token also under the start-URL key (sso_tui_compat = true).")
        var compat = false

        func validate() throws {
            guard let u = URL(string: startURL), u.scheme?.lowercased() == "https", let h = u.host, !h.isEmpty else {
                throw ValidationError("--start-url must be an https URL, e.g. https://d-1234567890.awsapps.com/start")
            }
            guard region.range(of: #"^[a-z]{2,}(-[a-z]+)+-[0-9]+$"#, options: .regularExpression) != nil else {
                throw ValidationError("--region must be an AWS region such as us-east-1")
            }
        }

        func run() async throws {
            let scopeList = (scopes ?? "").split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if scopeList.contains(where: { $0.contains(where: \.isWhitespace) }) {
                throw CLIError.usage("--scopes: a scope cannot contain whitespace")
            }
            let store = ConfigCLI.store(global)
            var existed = false
            try ConfigCLI.run {
                try store.update { doc in
                    existed = doc.ssoSession(named: name) != nil
                    // A new session gets the default scope, as `aws configure sso` does; an existing
                    // one keeps its scopes unless --scopes is given.
                    let sc = scopeList.isEmpty && !existed ? ["sso:account:access"] : scopeList
                    try doc.upsertSSOSession(SSOSessionConfig(name: name, startURL: startURL, region: region,
                                                              scopes: sc))
                    if compat { try doc.setValues([(CompatProfiles.key, "true")], in: .ssoSession(name)) }
                }
            }
            ConfigCLI.say("\(existed ? "updated" : "added") sso-session \(ConfigCLI.safe(name)) in \(store.targetPath)")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove an [sso-session NAME] section (refused while profiles use it, unless --force).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Session name.", completion: .sessions) var name: String
        @Flag(name: .long, help: "Remove it even if profiles still use it.") var force = false

        func run() async throws {
            let store = ConfigCLI.store(global)
            try ConfigCLI.run { try store.update { doc in try doc.removeSSOSession(name, force: force) } }
            ConfigCLI.say("removed sso-session \(ConfigCLI.safe(name))")
        }
    }
}
