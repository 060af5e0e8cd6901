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

    /// Writes the snapshot (sorted keys, as JSONSerialization would). The JSON is written straight
    /// into one byte buffer: building it as dictionaries for JSONSerialization first made saving
    /// 10,000 accounts the TUI's peak of memory (+6 MB, on the listing's last event).
    public func save(_ s: Snapshot) throws {
        try AtomicFile.makeDirectories(directory, mode: 0o700)
        try AtomicFile.write(Self.encode(s), to: path(session: s.session), mode: 0o600)
    }

    static func encode(_ s: Snapshot) -> Data {
        var out: [UInt8] = []
        out.reserveCapacity(160 + s.accounts.count * 96)
        func raw(_ t: StaticString) { out.append(contentsOf: UnsafeBufferPointer(start: t.utf8Start, count: t.utf8CodeUnitCount)) }
        func str(_ v: String) { out.append(contentsOf: PyJSON.quoteUTF8(v).utf8) }
        raw("{\"accounts\":[")
        for (i, a) in s.accounts.enumerated() {
            if i > 0 { raw(",") }
            raw("{\"accountId\":"); str(a.accountId)
            if let n = a.accountName { raw(",\"accountName\":"); str(n) }
            if let e = a.emailAddress { raw(",\"emailAddress\":"); str(e) }
            if let r = s.roles[a.accountId] {
                raw(",\"roles\":[")
                for (j, name) in r.enumerated() {
                    if j > 0 { raw(",") }
                    str(name)
                }
                raw("]")
            }
            raw("}")
        }
        raw("],\"savedAt\":"); str(AWSTime.format(s.savedAt))
        raw(",\"session\":"); str(s.session)
        raw(",\"startUrl\":"); str(s.startURL)
        raw(",\"version\":1}")
        return Data(out)
    }

    public func delete(session: String) { try? FileManager.default.removeItem(atPath: path(session: session)) }
}
