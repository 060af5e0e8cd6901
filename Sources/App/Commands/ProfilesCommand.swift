import ArgumentParser
import Core
import Foundation

/// `profiles list|add|rename|remove|default`: the `[profile NAME]` / `[default]` sections.
struct ProfilesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profiles", abstract: "List, add, rename, remove profiles, or make one the default.",
        subcommands: [List.self, Add.self, Rename.self, Remove.self, Default.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List profiles.")
        @OptionGroup var global: GlobalOptions
        @Flag(name: .long, help: "Machine-readable output.") var json = false

        func run() async throws {
            let doc = try ConfigCLI.run { try ConfigCLI.store(global).load() }
            let profiles = doc.profiles
            if json {
                try ConfigCLI.printJSON(["profiles": profiles.map { p -> [String: Any] in
                    ["name": p.name, "kind": kind(p), "ssoSession": ConfigCLI.j(p.ssoSession),
                     "accountId": ConfigCLI.j(p.ssoAccountId), "roleName": ConfigCLI.j(p.ssoRoleName),
                     "region": ConfigCLI.j(p.region), "output": ConfigCLI.j(p.output),
                     "ssoStartUrl": ConfigCLI.j(p.ssoStartURL), "ssoRegion": ConfigCLI.j(p.ssoRegion)]
                }])
                return
            }
            if profiles.isEmpty { ConfigCLI.say("no profiles in \(ConfigCLI.store(global).targetPath)"); return }
            ConfigCLI.say(ConfigCLI.table(["NAME", "SESSION", "ACCOUNT", "ROLE", "REGION"], profiles.map { p in
                [ConfigCLI.safe(p.name),
                 ConfigCLI.safe(p.ssoSession ?? (p.isLegacySSO ? "(legacy)" : "-")),
                 ConfigCLI.safe(p.ssoAccountId ?? "-"), ConfigCLI.safe(p.ssoRoleName ?? "-"),
                 ConfigCLI.safe(p.region ?? "-")]
            }))
        }

        func kind(_ p: ProfileConfig) -> String {
            if !p.isSSO { return "other" }
            return p.ssoSession == nil ? "legacy-sso" : "sso"
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add or update an SSO profile.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Profile name.") var name: String
        @Option(name: .long, help: "The sso-session to use.", completion: .sessions) var session: String
        @Option(name: .long, help: "12-digit AWS account ID.") var account: String
        @Option(name: .long, help: "Role (permission set) name.") var role: String
        @Option(name: .long, help: "Default region for the profile.") var region: String?
        @Option(name: .long, help: "Default output format (json, yaml, text, table...).") var output: String?

        func validate() throws {
            guard account.count == 12, account.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw ValidationError("--account must be a 12-digit AWS account ID")
            }
        }

        func run() async throws {
            let store = ConfigCLI.store(global)
            var existed = false
            try ConfigCLI.run {
                try store.update { doc in
                    guard doc.ssoSession(named: session) != nil else {
                        throw CLIError(message: "sso-session \(ConfigCLI.safe(session)) not found (add it with: aws-sso-tui sessions add)")
                    }
                    existed = doc.profile(named: name) != nil
                    let compat = CompatProfiles.isCompat(doc, session: session)
                    try doc.upsertProfile(ProfileConfig(name: name, ssoSession: session, ssoAccountId: account,
                                                        ssoRoleName: role, region: region, output: output))
                    // A compat session's profiles carry its start URL and region too (equal, so
                    // botocore accepts them) for SDKs without sso-session support.
                    if compat, let s = doc.ssoSession(named: session), let u = s.startURL, let r = s.region {
                        try doc.setValues([("sso_start_url", u), ("sso_region", r)], in: .profile(name))
                    }
                }
            }
            ConfigCLI.say("\(existed ? "updated" : "added") profile \(ConfigCLI.safe(name))")
        }
    }

    struct Rename: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rename", abstract: "Rename a profile.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Current name.", completion: .profiles) var old: String
        @Argument(help: "New name.") var new: String

        func run() async throws {
            let store = ConfigCLI.store(global)
            try ConfigCLI.run { try store.update { doc in try doc.renameProfile(from: old, to: new) } }
            ConfigCLI.say("renamed profile \(ConfigCLI.safe(old)) to \(ConfigCLI.safe(new))")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a profile.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Profile name.", completion: .profiles) var name: String

        func run() async throws {
            let store = ConfigCLI.store(global)
            try ConfigCLI.run { try store.update { doc in try doc.removeProfile(name) } }
            ConfigCLI.say("removed profile \(ConfigCLI.safe(name))")
        }
    }

    struct Default: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "default", abstract: "Give the [default] profile the settings of NAME.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Profile name.", completion: .profiles) var name: String

        func run() async throws {
            let store = ConfigCLI.store(global)
            try ConfigCLI.run { try store.update { doc in try doc.setDefault(profile: name) } }
            ConfigCLI.say("[default] now has the settings of profile \(ConfigCLI.safe(name))")
        }
    }
}
