import Foundation

/// The accounts and roles of one sso-session as last seen, so that a big org shows at once on
/// start and is refreshed in the background. Not secret (ids and names only), but kept 0600 in a
/// 0700 directory anyway: `$XDG_CACHE_HOME/aws-sso-tui/` (default `~/.cache/aws-sso-tui/`), one
/// file per session, `accounts-<sha1(session name)>.json`.
///
/// ```swift
/// let cache = AccountTreeCache.default(environment: env)
/// if let snap = cache.load(session: "acme", startURL: url) { show(snap) }
/// ```
public struct AccountTreeCache: Sendable {
    public var directory: String

    public init(directory: String) { self.directory = directory }

    public static func `default`(environment: [String: String]) -> AccountTreeCache {
        let base: String
        if let x = environment["XDG_CACHE_HOME"], x.hasPrefix("/") { base = x }
        else { base = ((environment["HOME"] ?? NSHomeDirectory()) as NSString).appendingPathComponent(".cache") }
        return AccountTreeCache(directory: (base as NSString).appendingPathComponent("aws-sso-tui"))
    }

    /// One saved listing. `roles[accountId]` is absent for accounts whose roles were not loaded.
    public struct Snapshot: Sendable, Equatable {
        public var session: String
        public var startURL: String
        public var savedAt: Date
        public var accounts: [Account]
        public var roles: [String: [String]]

        public init(session: String, startURL: String, savedAt: Date, accounts: [Account], roles: [String: [String]]) {
            self.session = session
            self.startURL = startURL
            self.savedAt = savedAt
            self.accounts = accounts
            self.roles = roles
        }
    }

    public func path(session: String) -> String {
        (directory as NSString).appendingPathComponent("accounts-\(SHA1Hex.of(session)).json")
    }

    /// The saved snapshot, or nil when missing, unreadable, or for another start URL.
    public func load(session: String, startURL: String) -> Snapshot? {
        guard let data = try? AtomicFile.read(path(session: session)),
              let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              obj["version"] as? Int == 1, obj["session"] as? String == session, obj["startUrl"] as? String == startURL,
              let list = obj["accounts"] as? [[String: Any]] else { return nil }
        var accounts: [Account] = []
        var roles: [String: [String]] = [:]
        accounts.reserveCapacity(list.count)
        for a in list {
            guard let id = a["accountId"] as? String else { continue }
            accounts.append(Account(accountId: id, accountName: a["accountName"] as? String, emailAddress: a["emailAddress"] as? String))
            if let r = a["roles"] as? [String] { roles[id] = r }
        }
        let saved = (obj["savedAt"] as? String).flatMap(AWSTime.parse) ?? Date(timeIntervalSince1970: 0)
        return Snapshot(session: session, startURL: startURL, savedAt: saved, accounts: accounts, roles: roles)
    }

    public func save(_ s: Snapshot) throws {
        var list: [[String: Any]] = []
        list.reserveCapacity(s.accounts.count)
        for a in s.accounts {
            var d: [String: Any] = ["accountId": a.accountId]
            if let n = a.accountName { d["accountName"] = n }
            if let e = a.emailAddress { d["emailAddress"] = e }
            if let r = s.roles[a.accountId] { d["roles"] = r }
            list.append(d)
        }
        let obj: [String: Any] = ["version": 1, "session": s.session, "startUrl": s.startURL,
                                  "savedAt": AWSTime.format(s.savedAt), "accounts": list]
        let data = try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys, .withoutEscapingSlashes])
        try AtomicFile.makeDirectories(directory, mode: 0o700)
        try AtomicFile.write(data, to: path(session: s.session), mode: 0o600)
    }

    public func delete(session: String) { try? FileManager.default.removeItem(atPath: path(session: session)) }
}
