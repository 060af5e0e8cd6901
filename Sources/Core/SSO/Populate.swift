import Foundation

/// Profile names from account and role names.
public enum ProfileNaming {
    /// The key that marks a profile as made by `populate` (botocore ignores unknown keys).
    public static let generatedKey = "sso_tui_generated"
    public static let defaultTemplate = "{account_name}-{role_name}"

    /// A profile-name slug: diacritics folded (`Zürich` -> `zurich`), lower case, every run of
    /// characters outside `a-z 0-9 . _ -` turned into one `-`, no `-` at either end.
    ///
    /// Other scripts are transliterated first (`東京-analytics` -> `dong-jing-analytics`,
    /// `Москва` -> `moskva`), so a name from a non-Latin account name still tells which account it is.
    public static func slug(_ s: String) -> String {
        var s = s
        if s.unicodeScalars.contains(where: { $0.value > 0x24F && $0.properties.isAlphabetic }),
           let latin = s.applyingTransform(StringTransform("Any-Latin; Latin-ASCII"), reverse: false) {
            s = latin
        }
        let folded = s.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        var out = ""
        var dash = false
        for u in folded.lowercased().unicodeScalars {
            let ok = (u >= "a" && u <= "z") || (u >= "0" && u <= "9") || u == "." || u == "_" || u == "-"
            if ok && u != "-" { out.unicodeScalars.append(u); dash = false } else if !dash && !out.isEmpty { out += "-"; dash = true }
        }
        while out.hasSuffix("-") || out.hasSuffix(".") { out.removeLast() }
        return out
    }

    /// A readable role name: `PowerUserAccess` -> `poweruser`, `ReadOnly` -> `readonly`, and
    /// Control Tower's `AWSAdministratorAccess` -> `administrator` (the `AWS` prefix goes as the
    /// `Access` suffix does).
    public static func roleSlug(_ role: String) -> String {
        var r = role
        if r.count > "Access".count, r.hasSuffix("Access") { r.removeLast("Access".count) }
        if r.count > 3, r.hasPrefix("AWS"), let c = r.dropFirst(3).first, c.isUppercase { r.removeFirst(3) }
        let s = slug(r)
        return s.isEmpty ? slug(role) : s
    }

    /// Renders a template with `{account_name}`, `{account_id}`, `{role_name}`, `{session}`,
    /// each slugged, then slugs the result as a whole (so separators in the template survive
    /// only where they are legal). An account without a usable name uses its id.
    public static func render(_ template: String, account: Account, role: String, session: String) -> String {
        let name = slug(account.accountName ?? "")
        let values = ["{account_name}": name.isEmpty ? account.accountId : name,
                      "{account_id}": account.accountId,
                      "{role_name}": roleSlug(role),
                      "{session}": slug(session)]
        var out = template
        for (k, v) in values { out = out.replacingOccurrences(of: k, with: v) }
        return cap(slug(out))
    }

    /// Generated names are at most this many characters (before a collision suffix such as
    /// `-{account_id}`): a 10,000-character account name must not become a section header.
    public static let maxNameLength = 64

    /// `s` cut to ``maxNameLength`` characters, without a `-` or `.` left at the end.
    static func cap(_ s: String) -> String {
        guard s.count > maxNameLength else { return s }
        var out = String(s.prefix(maxNameLength))
        while out.hasSuffix("-") || out.hasSuffix(".") { out.removeLast() }
        return out
    }

    /// The default name the TUI offers for a role: `{account_name}-{role_name}`, e.g. `acme-dev-poweruser`.
    public static func defaultName(account: Account, role: String) -> String {
        render(defaultTemplate, account: account, role: role, session: "")
    }

    /// Checks a template: it must use at least one placeholder that varies per account and per role.
    public static func validate(template: String) throws {
        let unknown = template.matches(of: /\{[^}]*\}/).map { String($0.output) }
            .filter { !["{account_name}", "{account_id}", "{role_name}", "{session}"].contains($0) }
        if let u = unknown.first { throw PopulateError.badTemplate("unknown placeholder \(u)") }
        guard template.contains("{role_name}"), template.contains("{account_name}") || template.contains("{account_id}") else {
            throw PopulateError.badTemplate("the template needs {role_name} and {account_name} or {account_id}")
        }
    }
}

public enum PopulateError: Error, Equatable, CustomStringConvertible {
    case badTemplate(String)
    /// A role the config cannot hold as it is named (a control character, say): which account,
    /// which role, and why. Nothing is written.
    case badRole(accountId: String, accountName: String?, role: String, reason: String)
    public var description: String {
        switch self {
        case .badTemplate(let m): return "bad --template: \(m)"
        case .badRole(let id, let name, let role, let why):
            let acct = name.map { "account \(id) (\(UIText.safe($0)))" } ?? "account \(id)"
            return "\(acct), role \"\(UIText.safe(role))\": \(why); nothing written"
        }
    }
}

/// What `populate` will do to the config.
public struct PopulatePlan: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public var name: String
        public var accountId: String
        public var roleName: String
        public init(name: String, accountId: String, roleName: String) {
            self.name = name
            self.accountId = accountId
            self.roleName = roleName
        }
    }
    /// New generated profiles.
    public var added: [Item] = []
    /// Generated profiles whose region/output change.
    public var updated: [Item] = []
    /// Generated profiles already right.
    public var unchanged: [Item] = []
    /// Generated profiles whose account or role is gone (removed only with prune).
    public var stale: [Item] = []
    /// Pairs that already have a hand-made profile (by its name): counted as present, never
    /// changed, and no generated profile is added beside them.
    public var kept: [Item] = []

    public init() {}

    /// "6 added, 0 updated, 0 unchanged", then ", N removed" when pruning, else
    /// ", N stale (staleHint)" when some are stale and a hint is given.
    public func summary(prune: Bool, staleHint: String? = nil) -> String {
        var s = "\(added.count) added, \(updated.count) updated, \(unchanged.count) unchanged"
        if prune { s += ", \(stale.count) removed" } else if !stale.isEmpty, let h = staleHint { s += ", \(stale.count) stale (\(h))" }
        if !kept.isEmpty { s += ", \(kept.count) kept (hand-made)" }
        return s
    }
}

/// Plans and applies `populate`: one profile per (account, role) of a session, named from a
/// template, marked `sso_tui_generated = true`. A re-run finds its own profiles by
/// (session, account, role) whatever their names, updates region/output, and with `prune` removes
/// those whose account or role is gone. Hand-made profiles (no marker) are never touched: a
/// generated name that collides with one gets `-{account_id}` (then `-2`, `-3`...).
public struct Populator: Sendable {
    public var session: String
    public var template: String
    public var region: String?
    public var output: String?
    /// Account names by id, for messages (filled by ``plan(doc:accounts:roles:scope:)`` callers
    /// that want them; optional).
    public var accountNames: [String: String?] = [:]
    /// Compat profiles (``CompatProfiles``): `sso_start_url` and `sso_region` beside `sso_session`.
    public var compat: (startURL: String, region: String)? = nil

    public init(session: String, template: String = ProfileNaming.defaultTemplate, region: String? = nil, output: String? = nil) {
        self.session = session
        self.template = template
        self.region = region
        self.output = output
    }

    /// `scope`: only these accounts are populated, and only their generated profiles can be stale
    /// (nil: the whole session).
    public func plan(doc: ConfigDocument, accounts: [Account], roles: [AccountRole], scope: Set<String>? = nil) -> PopulatePlan {
        let roles = scope.map { sc in roles.filter { sc.contains($0.accountId) } } ?? roles
        let byId = Dictionary(accounts.map { ($0.accountId, $0) }, uniquingKeysWith: { a, _ in a })
        let generated = doc.profiles.filter { $0.values[ProfileNaming.generatedKey]?.lowercased() == "true" && $0.ssoSession == session }
        var existing: [String: ProfileConfig] = [:]
        for p in generated { if let a = p.ssoAccountId, let r = p.ssoRoleName { existing["\(a)\u{0}\(r)"] = p } }
        // A hand-made profile for a pair (the profile editor's, or one written by hand) counts
        // as present: populate adds no second profile for that (session, account, role).
        var handMade: [String: ProfileConfig] = [:]
        for p in doc.profiles where p.ssoSession == session && p.values[ProfileNaming.generatedKey]?.lowercased() != "true" {
            if let a = p.ssoAccountId, let r = p.ssoRoleName, handMade["\(a)\u{0}\(r)"] == nil { handMade["\(a)\u{0}\(r)"] = p }
        }
        var taken = Set(doc.profiles.map(\.name))
        var plan = PopulatePlan()
        // Deterministic order: the accounts' order, then role.
        let pairs = roles.sortedByAccount(accounts)
        var live = Set<String>()
        for pr in pairs {
            let key = "\(pr.accountId)\u{0}\(pr.roleName)"
            live.insert(key)
            if let p = existing[key] {
                let item = PopulatePlan.Item(name: p.name, accountId: pr.accountId, roleName: pr.roleName)
                let wantRegion = region ?? p.region, wantOutput = output ?? p.output
                let compatDiffers = compat.map { p.ssoStartURL != $0.startURL || p.ssoRegion != $0.region } ?? false
                if p.region != wantRegion || p.output != wantOutput || compatDiffers { plan.updated.append(item) } else { plan.unchanged.append(item) }
                continue
            }
            if let p = handMade[key] {
                plan.kept.append(.init(name: p.name, accountId: pr.accountId, roleName: pr.roleName))
                continue
            }
            let account = byId[pr.accountId] ?? Account(accountId: pr.accountId)
            var name = ProfileNaming.render(template, account: account, role: pr.roleName, session: session)
            if name.isEmpty { name = "\(pr.accountId)-\(ProfileNaming.roleSlug(pr.roleName))" }
            if taken.contains(name) {
                let base = name.hasSuffix(pr.accountId) ? name : "\(name)-\(pr.accountId)"
                name = base
                var n = 2
                while taken.contains(name) { name = "\(base)-\(n)"; n += 1 }
            }
            taken.insert(name)
            plan.added.append(.init(name: name, accountId: pr.accountId, roleName: pr.roleName))
        }
        for p in generated {
            guard let a = p.ssoAccountId, let r = p.ssoRoleName, !live.contains("\(a)\u{0}\(r)") else { continue }
            if let sc = scope, !sc.contains(a) { continue }
            plan.stale.append(.init(name: p.name, accountId: a, roleName: r))
        }
        return plan
    }

    /// The part of an edit error that says why (the value itself is named by the caller).
    static func reason(_ e: ConfigEditError) -> String {
        if case let .invalidName(_, _, reason) = e { return reason }
        return e.description
    }

    /// Applies a plan to a document. A role that cannot be written fails the whole plan with
    /// ``PopulateError/badRole(accountId:accountName:role:reason:)``; `doc` is then partly edited,
    /// so callers apply to a copy (``ConfigStore/update(_:)`` writes nothing when this throws).
    public func apply(_ plan: PopulatePlan, to doc: inout ConfigDocument, prune: Bool) throws {
        let items = try plan.added.map { i -> (ref: SectionRef, pairs: [(key: String, value: String)]) in
            var pairs: [(key: String, value: String)] = [("sso_session", session), ("sso_account_id", i.accountId),
                                                         ("sso_role_name", i.roleName)]
            if let region { pairs.append(("region", region)) }
            if let output { pairs.append(("output", output)) }
            if let c = compat { pairs += [("sso_start_url", c.startURL), ("sso_region", c.region)] }
            pairs.append((ProfileNaming.generatedKey, "true"))
            // A role the file cannot hold fails the plan naming the account and role.
            do {
                try ConfigDocument.validateName(i.name)
                for (k, v) in pairs { try ConfigDocument.validateValue(v, key: k) }
            } catch let e as ConfigEditError {
                throw PopulateError.badRole(accountId: i.accountId, accountName: accountNames[i.accountId] ?? nil,
                                            role: i.roleName, reason: Self.reason(e))
            }
            return (SectionRef.profile(i.name), pairs)
        }
        // New profiles go in one pass (2,000 one by one re-scanned the file each time).
        try doc.appendNewSections(items)
        for i in plan.updated {
            var pairs: [(key: String, value: String?)] = []
            if let region { pairs.append(("region", region)) }
            if let output { pairs.append(("output", output)) }
            if let c = compat { pairs += [("sso_start_url", c.startURL), ("sso_region", c.region)] }
            try doc.setValues(pairs, in: .profile(i.name))
        }
        if prune { for i in plan.stale { try doc.removeProfile(i.name) } }
    }
}

/// A unified diff of two texts by lines, with `context` lines around each change.
public enum LineDiff {
    /// Above this many cells the LCS table is not built; unique lines anchor the diff instead
    /// (patience diff), so a big config with changes all over it diffs in about linear time.
    static let lcsLimit = 250_000

    /// The edit script turning `x` into `y`: (" ", line) kept, ("-", line) removed, ("+", line) added.
    static func editScript(_ x: [String], _ y: [String]) -> [(Character, String)] {
        var ops: [(Character, String)] = []
        ops.reserveCapacity(max(x.count, y.count))
        diff(x[...], y[...], into: &ops)
        return ops
    }

    private static func diff(_ x: ArraySlice<String>, _ y: ArraySlice<String>, into ops: inout [(Character, String)]) {
        // Common prefix and suffix.
        var lo = 0
        while lo < x.count && lo < y.count && x[x.startIndex + lo] == y[y.startIndex + lo] { lo += 1 }
        var hi = 0
        while hi < x.count - lo && hi < y.count - lo && x[x.endIndex - 1 - hi] == y[y.endIndex - 1 - hi] { hi += 1 }
        for i in 0..<lo { ops.append((" ", x[x.startIndex + i])) }
        let xs = x[(x.startIndex + lo)..<(x.endIndex - hi)], ys = y[(y.startIndex + lo)..<(y.endIndex - hi)]
        if xs.isEmpty || ys.isEmpty || xs.count * ys.count <= lcsLimit {
            lcs(Array(xs), Array(ys), into: &ops)
        } else {
            patience(xs, ys, into: &ops)
        }
        for i in 0..<hi { ops.append((" ", x[x.endIndex - hi + i])) }
    }

    private static func lcs(_ xs: [String], _ ys: [String], into ops: inout [(Character, String)]) {
        var t = [[Int]](repeating: [Int](repeating: 0, count: ys.count + 1), count: xs.count + 1)
        if !xs.isEmpty && !ys.isEmpty {
            for i in stride(from: xs.count - 1, through: 0, by: -1) {
                for j in stride(from: ys.count - 1, through: 0, by: -1) {
                    t[i][j] = xs[i] == ys[j] ? t[i + 1][j + 1] + 1 : max(t[i + 1][j], t[i][j + 1])
                }
            }
        }
        var i = 0, j = 0
        while i < xs.count || j < ys.count {
            if i < xs.count && j < ys.count && xs[i] == ys[j] { ops.append((" ", xs[i])); i += 1; j += 1 }
            else if i < xs.count && (j == ys.count || t[i + 1][j] >= t[i][j + 1]) { ops.append(("-", xs[i])); i += 1 }
            else { ops.append(("+", ys[j])); j += 1 }
        }
    }

    /// Lines that occur exactly once on each side, matched in order (longest increasing run),
    /// split the problem; what lies between two anchors is diffed the same way.
    private static func patience(_ xs: ArraySlice<String>, _ ys: ArraySlice<String>, into ops: inout [(Character, String)]) {
        var cx: [String: (count: Int, at: Int)] = [:], cy: [String: (count: Int, at: Int)] = [:]
        for i in xs.indices { cx[xs[i], default: (0, i)].count += 1 }
        for j in ys.indices { cy[ys[j], default: (0, j)].count += 1 }
        // Candidate pairs in x order, with their y positions.
        var pairs: [(Int, Int)] = []
        for i in xs.indices {
            if let a = cx[xs[i]], a.count == 1, let b = cy[xs[i]], b.count == 1 { pairs.append((i, b.at)) }
        }
        // Longest increasing subsequence of the y positions (patience sorting).
        var tails: [Int] = [], prev = [Int](repeating: -1, count: pairs.count)
        for (k, p) in pairs.enumerated() {
            var lo = 0, hi = tails.count
            while lo < hi { let m = (lo + hi) / 2; if pairs[tails[m]].1 < p.1 { lo = m + 1 } else { hi = m } }
            if lo > 0 { prev[k] = tails[lo - 1] }
            if lo == tails.count { tails.append(k) } else { tails[lo] = k }
        }
        var anchors: [(Int, Int)] = []
        var k = tails.last ?? -1
        while k >= 0 { anchors.append(pairs[k]); k = prev[k] }
        anchors.reverse()
        guard !anchors.isEmpty else {
            // Nothing to hold on to: all of x goes, all of y comes.
            for l in xs { ops.append(("-", l)) }
            for l in ys { ops.append(("+", l)) }
            return
        }
        var i = xs.startIndex, j = ys.startIndex
        for (ai, aj) in anchors {
            diff(xs[i..<ai], ys[j..<aj], into: &ops)
            ops.append((" ", xs[ai]))
            i = ai + 1
            j = aj + 1
        }
        diff(xs[i...], ys[j...], into: &ops)
    }

    /// A unified diff that `patch` and `git apply` accept: lines are the file's lines (a final
    /// newline ends the last line, it does not start an empty one), an empty side of a hunk is
    /// numbered from the line before it (`@@ -4,0 +5,3 @@`), and a last line without a newline
    /// is marked `\ No newline at end of file`.
    public static func unified(_ a: String, _ b: String, fromName: String, toName: String, context: Int = 3) -> String {
        // The last line of a file without a final newline differs from the same text with one.
        let noEOL = "\u{0}\u{0}no-newline"
        func lines(_ s: String) -> [String] {
            if s.isEmpty { return [] }
            var ls = s.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if ls.last == "" { ls.removeLast() } else { ls[ls.count - 1] += noEOL }
            return ls
        }
        let x = lines(a), y = lines(b)
        let ops = editScript(x, y)
        guard ops.contains(where: { $0.0 != " " }) else { return "" }
        var out = "--- \(fromName)\n+++ \(toName)\n"
        var k = 0
        var oldLine = 1, newLine = 1
        var lineAt: [(Int, Int)] = []
        for op in ops { lineAt.append((oldLine, newLine)); if op.0 != "+" { oldLine += 1 }; if op.0 != "-" { newLine += 1 } }
        while k < ops.count {
            guard let start = ops[k...].firstIndex(where: { $0.0 != " " }) else { break }
            var end = start
            // Extend the hunk while changes are within 2*context of each other.
            var scan = start
            while scan < ops.count {
                if ops[scan].0 != " " { end = scan; scan += 1; continue }
                if scan - end > 2 * context { break }
                scan += 1
            }
            let h0 = max(k, start - context), h1 = min(ops.count - 1, end + context)
            let oldCount = ops[h0...h1].filter { $0.0 != "+" }.count, newCount = ops[h0...h1].filter { $0.0 != "-" }.count
            let oldStart = oldCount == 0 ? lineAt[h0].0 - 1 : lineAt[h0].0
            let newStart = newCount == 0 ? lineAt[h0].1 - 1 : lineAt[h0].1
            out += "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n"
            for op in ops[h0...h1] {
                if op.1.hasSuffix(noEOL) {
                    out += "\(op.0)\(op.1.dropLast(noEOL.count))\n\\ No newline at end of file\n"
                } else {
                    out += "\(op.0)\(op.1)\n"
                }
            }
            k = h1 + 1
        }
        return out
    }
}
