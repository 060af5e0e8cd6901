import Foundation

/// Profile names from account and role names.
public enum ProfileNaming {
    /// The key that marks a profile as made by `populate` (botocore ignores unknown keys).
    public static let generatedKey = "sso_tui_generated"
    public static let defaultTemplate = "{account_name}-{role_name}"

    /// A profile-name slug: diacritics folded (`Zürich` -> `zurich`), lower case, every run of
    /// characters outside `a-z 0-9 . _ -` turned into one `-`, no `-` at either end.
    public static func slug(_ s: String) -> String {
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

    /// A readable role name: `PowerUserAccess` -> `poweruser`, `ReadOnly` -> `readonly`.
    public static func roleSlug(_ role: String) -> String {
        var r = role
        if r.count > "Access".count, r.hasSuffix("Access") { r.removeLast("Access".count) }
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
        return slug(out)
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
    public var description: String {
        switch self { case .badTemplate(let m): return "bad --template: \(m)" }
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

    public init() {}

    /// "6 added, 0 updated, 0 unchanged", then ", N removed" when pruning, else
    /// ", N stale (staleHint)" when some are stale and a hint is given.
    public func summary(prune: Bool, staleHint: String? = nil) -> String {
        var s = "\(added.count) added, \(updated.count) updated, \(unchanged.count) unchanged"
        if prune { s += ", \(stale.count) removed" } else if !stale.isEmpty, let h = staleHint { s += ", \(stale.count) stale (\(h))" }
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
                if p.region != wantRegion || p.output != wantOutput { plan.updated.append(item) } else { plan.unchanged.append(item) }
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

    /// Applies a plan to a document.
    public func apply(_ plan: PopulatePlan, to doc: inout ConfigDocument, prune: Bool) throws {
        // New profiles go in one pass (2,000 one by one re-scanned the file each time).
        try doc.appendNewSections(plan.added.map { i in
            var pairs: [(key: String, value: String)] = [("sso_session", session), ("sso_account_id", i.accountId),
                                                         ("sso_role_name", i.roleName)]
            if let region { pairs.append(("region", region)) }
            if let output { pairs.append(("output", output)) }
            pairs.append((ProfileNaming.generatedKey, "true"))
            return (SectionRef.profile(i.name), pairs)
        })
        for i in plan.updated {
            var pairs: [(key: String, value: String?)] = []
            if let region { pairs.append(("region", region)) }
            if let output { pairs.append(("output", output)) }
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

    public static func unified(_ a: String, _ b: String, fromName: String, toName: String, context: Int = 3) -> String {
        let x = a.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let y = b.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
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
            out += "@@ -\(lineAt[h0].0),\(oldCount) +\(lineAt[h0].1),\(newCount) @@\n"
            for op in ops[h0...h1] { out += "\(op.0)\(op.1)\n" }
            k = h1 + 1
        }
        return out
    }
}
