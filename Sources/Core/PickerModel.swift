import Foundation

/// One row of the picker: a (session, account, role) of any session, with the profile that
/// already points at it (if any).
public struct PickerRow: Sendable, Equatable, Hashable {
    public var session: String
    public var accountId: String
    public var accountName: String?
    public var role: String
    /// The profile for this (session, account, role), if the config has one.
    public var profile: String?
    /// The profile's region, if it has one (what `awsp` sets).
    public var profileRegion: String?

    public init(session: String, accountId: String, accountName: String?, role: String, profile: String? = nil,
                profileRegion: String? = nil) {
        self.session = session
        self.accountId = accountId
        self.accountName = accountName
        self.role = role
        self.profile = profile
        self.profileRegion = profileRegion
    }

    /// The key the history remembers a row by.
    public var key: String { "\(session)\u{0}\(accountId)\u{0}\(role)" }
}

/// The pure part of the picker: rows from every session's accounts and roles, sorted with the
/// recently used first (then by account name, id, role, session), each with its profile, and
/// the collision-free default name for a new profile.
///
/// ```swift
/// let rows = PickerModel.rows(trees: [("acme", accounts, roles)], doc: doc, history: history)
/// ```
public enum PickerModel {
    /// One session's listing: accounts and, per account id, its role names.
    public struct Tree: Sendable {
        public var session: String
        public var accounts: [Account]
        public var roles: [String: [String]]
        public init(session: String, accounts: [Account], roles: [String: [String]]) {
            self.session = session
            self.accounts = accounts
            self.roles = roles
        }
    }

    /// Every (session, account, role), recently used first, then by name.
    public static func rows(trees: [Tree], doc: ConfigDocument, history: PickerHistory) -> [PickerRow] {
        // Profiles by (session, account, role): one pass over the profiles, first one wins.
        var profiles: [String: ProfileConfig] = [:]
        for p in doc.profiles {
            guard let s = p.ssoSession, let a = p.ssoAccountId, let r = p.ssoRoleName else { continue }
            let k = "\(s)\u{0}\(a)\u{0}\(r)"
            if profiles[k] == nil { profiles[k] = p }
        }
        var rows: [PickerRow] = []
        for t in trees {
            for a in t.accounts {
                for r in t.roles[a.accountId] ?? [] {
                    var row = PickerRow(session: t.session, accountId: a.accountId, accountName: a.accountName, role: r)
                    if let p = profiles[row.key] { row.profile = p.name; row.profileRegion = p.region }
                    rows.append(row)
                }
            }
        }
        // Sort keys computed once per row (lower-casing in the comparator was most of the
        // first frame with 21,000 rows).
        let used = history.lastUsed
        let keyed = rows.map { r in (r, used[r.key] ?? .distantPast, (r.accountName ?? "").lowercased()) }
        return keyed.sorted { x, y in
            if x.1 != y.1 { return x.1 > y.1 }
            if x.2 != y.2 { return x.2 < y.2 }
            if x.0.accountId != y.0.accountId { return x.0.accountId < y.0.accountId }
            if x.0.role != y.0.role { return x.0.role < y.0.role }
            return x.0.session < y.0.session
        }.map(\.0)
    }

    /// The name offered for a new profile for `row`: the TUI's default (`acme-dev-poweruser`),
    /// with the session's name added when the same account and role is in another session of
    /// `rows` or the name is taken (as populate resolves collisions), then `-2`, `-3`...
    public static func defaultProfileName(for row: PickerRow, rows: [PickerRow], doc: ConfigDocument) -> String {
        let account = Account(accountId: row.accountId, accountName: row.accountName)
        let base = ProfileNaming.defaultName(account: account, role: row.role)
        let elsewhere = rows.contains { $0.accountId == row.accountId && $0.role == row.role && $0.session != row.session }
        var name = base
        if elsewhere || doc.profile(named: name) != nil {
            name = ProfileNaming.slug("\(base)-\(row.session)")
        }
        var n = 2
        let stem = name
        while doc.profile(named: name) != nil {
            name = "\(stem)-\(n)"
            n += 1
        }
        return name
    }

    /// The text a row is filtered by and drawn as: session, account name, id, role, profile, in
    /// columns of the given widths.
    public static func line(_ r: PickerRow, widths: [Int]) -> String {
        let cols = [r.session, r.accountName ?? "", r.accountId, r.role]
        var out = ""
        out.reserveCapacity(widths.reduce(0, +) + 16 + (r.profile?.utf8.count ?? 12))
        for (i, c) in cols.enumerated() {
            let n = length(c)
            let w = i < widths.count ? widths[i] : n
            out += c
            if n < w { out += String(repeating: " ", count: w - n) }
            out += "  "
        }
        out += r.profile.map { "→ \($0)" } ?? "(no profile)"
        return out
    }

    /// Column widths for `rows` (capped so that one long name does not push the rest away).
    public static func widths(_ rows: [PickerRow], cap: Int = 32) -> [Int] {
        var w = [7, 7, 12, 4]
        for r in rows {
            w[0] = max(w[0], min(cap, length(r.session)))
            w[1] = max(w[1], min(cap, length(r.accountName ?? "")))
            w[3] = max(w[3], min(cap, length(r.role)))
        }
        return w
    }

    /// Characters in `s` (bytes when ASCII: counting graphemes of 21,000 rows was slow).
    static func length(_ s: String) -> Int { PyText.isASCII(s) ? s.utf8.count : s.count }
}

/// The picker's history of used rows: a small non-secret file beside the account-tree cache
/// (`$XDG_CACHE_HOME/aws-sso-tui/picker-history.json`, 0600): session, account id, role and when,
/// the newest 200.
public struct PickerHistory: Sendable, Equatable {
    public var lastUsed: [String: Date]
    public static let limit = 200

    public init(lastUsed: [String: Date] = [:]) { self.lastUsed = lastUsed }

    public static func path(cache: AccountTreeCache) -> String {
        (cache.directory as NSString).appendingPathComponent("picker-history.json")
    }

    /// The history on disk (empty when missing or unreadable).
    public static func load(cache: AccountTreeCache) -> PickerHistory {
        guard let data = try? AtomicFile.read(path(cache: cache)),
              let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any], obj["version"] as? Int == 1,
              let used = obj["used"] as? [[String: Any]] else { return PickerHistory() }
        var h = PickerHistory()
        for u in used {
            guard let s = u["session"] as? String, let a = u["accountId"] as? String, let r = u["role"] as? String,
                  let at = (u["at"] as? String).flatMap(AWSTime.parse) else { continue }
            h.lastUsed["\(s)\u{0}\(a)\u{0}\(r)"] = at
        }
        return h
    }

    /// Records a use of `row` and saves (best effort: the history is a convenience).
    public static func record(_ row: PickerRow, at now: Date, cache: AccountTreeCache) {
        var h = load(cache: cache)
        h.lastUsed[row.key] = now
        let newest = h.lastUsed.sorted { $0.value > $1.value }.prefix(limit)
        let used: [[String: Any]] = newest.map { k, at in
            let p = k.components(separatedBy: "\u{0}")
            return ["session": p[0], "accountId": p.count > 1 ? p[1] : "", "role": p.count > 2 ? p[2] : "", "at": AWSTime.format(at)]
        }
        guard let data = try? JSONSerialization.data(withJSONObject: ["version": 1, "used": used], options: [.sortedKeys]) else { return }
        try? AtomicFile.makeDirectories(cache.directory, mode: 0o700)
        try? AtomicFile.write(data, to: path(cache: cache), mode: 0o600)
    }
}
