import ArgumentParser
import Core
import Foundation

/// `status`: for each sso-session (and each legacy start URL), whether a cached token exists and
/// until when it is valid. Reads the config and the token cache only; no network.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Each sso-session: start URL, region, logged in or not, expiry (from the cache; no network).")
    @OptionGroup var global: GlobalOptions
    @Flag(name: .long, help: "Machine-readable output.") var json = false
    @Option(name: .long, help: "Only this sso-session; exit code 3 when it is not logged in.", completion: .sessions) var session: String?

    struct Row {
        var name: String?
        var startURL: String?
        var region: String?
        var profiles: [String]
        var load: TokenLoad
        var cacheFile: String
        /// A compat session's second token file (sha1 of the start URL), nil otherwise.
        var compatCacheFile: String? = nil
    }

    func run() async throws {
        let doc = try ConfigCLI.run { try ConfigCLI.store(global).load() }
        let cache = SSOCache.default(home: ConfigCLI.home)
        let now = Date()
        var rows: [Row] = []
        for s in doc.ssoSessions where session == nil || s.name == session {
            let key = SSOCache.tokenKey(sessionName: s.name, startURL: nil)
            let compat = CompatProfiles.isCompat(doc, session: s.name) && s.startURL != nil
            rows.append(Row(name: s.name, startURL: s.startURL, region: s.region,
                            profiles: doc.profiles(usingSession: s.name), load: cache.loadToken(key: key),
                            cacheFile: cache.path(forKey: key),
                            compatCacheFile: compat ? cache.path(forKey: SSOCache.tokenKey(sessionName: nil, startURL: s.startURL)) : nil))
        }
        if let session, rows.isEmpty {
            throw CLIError(message: "sso-session \(ConfigCLI.safe(session)) not found in \(ConfigCLI.store(global).targetPath)")
        }
        var legacy: [Row] = []
        if session == nil {
            var seen: [String: Int] = [:]
            for p in doc.profiles where p.isLegacySSO {
                guard let url = p.ssoStartURL else { continue }
                if let i = seen[url] { legacy[i].profiles.append(p.name); continue }
                let key = SSOCache.tokenKey(sessionName: nil, startURL: url)
                seen[url] = legacy.count
                legacy.append(Row(name: nil, startURL: url, region: p.ssoRegion, profiles: [p.name],
                                  load: cache.loadToken(key: key), cacheFile: cache.path(forKey: key)))
            }
        }

        if json {
            func obj(_ r: Row) -> [String: Any] {
                var d: [String: Any] = ["startUrl": ConfigCLI.j(r.startURL), "region": ConfigCLI.j(r.region),
                                        "profiles": r.profiles, "cacheFile": r.cacheFile,
                                        "loggedIn": false, "state": "missing", "expiresAt": NSNull(),
                                        "refreshable": false, "reason": NSNull()]
                if let n = r.name { d["name"] = n; d["compatCacheFile"] = ConfigCLI.j(r.compatCacheFile) }
                switch r.load {
                case .missing: break
                case let .corrupt(_, reason): d["state"] = "corrupt"; d["reason"] = reason
                case let .found(t):
                    d["expiresAt"] = AWSTime.format(t.expiresAt)
                    d["refreshable"] = t.canRefresh(at: now)
                    d["loggedIn"] = !t.isExpired(at: now)
                    d["state"] = t.isExpired(at: now) ? "expired" : "valid"
                }
                return d
            }
            try ConfigCLI.printJSON(["sessions": rows.map(obj), "legacy": legacy.map(obj)])
        } else {
            let all = rows + legacy
            if all.isEmpty {
                ConfigCLI.say("no sso-sessions in \(ConfigCLI.store(global).targetPath)")
            } else {
                ConfigCLI.say(ConfigCLI.table(["SESSION", "START URL", "REGION", "STATUS"], all.map { r in
                    [ConfigCLI.safe(r.name ?? "(legacy: \(r.profiles.joined(separator: ",")))"),
                     ConfigCLI.safe(r.startURL ?? "-"), ConfigCLI.safe(r.region ?? "-"),
                     Self.describe(r.load, now: now) + (r.compatCacheFile != nil ? " · compat" : "")]
                }))
            }
        }
        if session != nil, let r = rows.first {
            switch r.load {
            case let .found(t) where !t.isExpired(at: now): break
            case .found: throw CLIError.notLoggedIn("sso-session \(ConfigCLI.safe(r.name ?? "")): token expired")
            case .missing: throw CLIError.notLoggedIn("sso-session \(ConfigCLI.safe(r.name ?? "")): not logged in")
            case let .corrupt(path, reason): throw CLIError.notLoggedIn("sso-session \(ConfigCLI.safe(r.name ?? "")): not logged in (\(path): \(reason))")
            }
        }
    }

    static func describe(_ load: TokenLoad, now: Date) -> String {
        switch load {
        case .missing: return "not logged in"
        case let .corrupt(_, reason): return "not logged in (cache file unreadable: \(reason))"
        case let .found(t):
            let left = t.expiresAt.timeIntervalSince(now)
            if left <= 0 {
                return "expired \(AWSTime.format(t.expiresAt))" + (t.canRefresh(at: now) ? " (refreshable)" : "")
            }
            let m = Int(left / 60)
            return "logged in, expires \(AWSTime.format(t.expiresAt)) (in \(m / 60)h \(m % 60)m)"
        }
    }
}
