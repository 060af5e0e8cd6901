import Foundation

// Populate's state and requests: the scope, the form's request, the preview and how it is planned.

/// What populate is asked to do (the populate screen's values, and its scope).
public struct UIPopulateRequest: Sendable, Equatable {
    public var session: String
    public var template: String
    public var region: String
    /// `output =` for the profiles; nil leaves it out (or unchanged on a re-run).
    public var output: String?
    public var prune: Bool
    /// Only these accounts (nil: every account of the session). Pruning is limited to them too.
    public var accountIds: [String]?

    public init(session: String, template: String = ProfileNaming.defaultTemplate, region: String, output: String? = nil,
                prune: Bool = false, accountIds: [String]? = nil) {
        self.session = session
        self.template = template
        self.region = region
        self.output = output
        self.prune = prune
        self.accountIds = accountIds
    }
}

/// The populate screen: its scope and the preview of the current values.
public struct UIPopulate: Sendable, Equatable {
    /// The request the screen opened with (session, scope, defaults).
    public var initial: UIPopulateRequest
    /// "all 230 accounts of acme", "acme-dev (333333333333)", "12 accounts matching /prod".
    public var scopeLabel: String
    /// The accounts and roles populate works from (a snapshot of the finished listing).
    public var accounts: [Account]
    public var roles: [AccountRole]
    /// The preview of the latest values (nil while it is being computed).
    public var preview: UIPopulatePreview?
    /// A problem with the values (bad template, bad region): shown instead of the preview.
    public var error: String?
    /// Bumped for every new preview request; older answers are dropped.
    public var generation = 0

    public init(initial: UIPopulateRequest, scopeLabel: String, accounts: [Account], roles: [AccountRole]) {
        self.initial = initial
        self.scopeLabel = scopeLabel
        self.accounts = accounts
        self.roles = roles
    }
}

/// What populate would do: one row per profile it adds, changes or removes.
public struct UIPopulatePreview: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case add, update, remove, stale, kept }
    public struct Row: Sendable, Equatable {
        public var kind: Kind
        public var name: String
        public var accountId: String
        public var accountName: String?
        public var role: String
        public init(kind: Kind, name: String, accountId: String, accountName: String?, role: String) {
            self.kind = kind
            self.name = name
            self.accountId = accountId
            self.accountName = accountName
            self.role = role
        }
    }
    public var request: UIPopulateRequest
    public var generation: Int
    public var rows: [Row]
    public var added: Int
    public var updated: Int
    public var unchanged: Int
    /// Generated profiles whose account or role is gone (removed when `request.prune`).
    public var stale: Int
    /// Pairs that have a hand-made profile (kept as they are; no generated one is added).
    public var kept = 0

    public init(request: UIPopulateRequest, generation: Int, rows: [Row], added: Int, updated: Int, unchanged: Int,
                stale: Int) {
        self.request = request
        self.generation = generation
        self.rows = rows
        self.added = added
        self.updated = updated
        self.unchanged = unchanged
        self.stale = stale
    }

    public var changes: Int { added + updated + (request.prune ? stale : 0) }
}

extension UIPopulateRequest {
    public var populator: Populator { Populator(session: session, template: template, region: region, output: output) }
    public var scope: Set<String>? { accountIds.map(Set.init) }

    /// Plans against `doc` and applies the plan to a copy: the plan, and the document after.
    public func run(on doc: ConfigDocument, accounts: [Account], roles: [AccountRole]) throws -> (PopulatePlan, ConfigDocument) {
        let pop = populator
        let plan = pop.plan(doc: doc, accounts: accounts, roles: roles, scope: scope)
        var after = doc
        try pop.apply(plan, to: &after, prune: prune)
        return (plan, after)
    }
}

extension UIPopulatePreview {
    /// The preview of `plan`: added, updated and removed (or stale) profiles, in that order.
    public init(request: UIPopulateRequest, generation: Int, plan: PopulatePlan, accounts: [Account]) {
        var names: [String: String] = [:]
        for a in accounts { if let n = a.accountName { names[a.accountId] = n } }
        func rows(_ items: [PopulatePlan.Item], _ k: Kind) -> [Row] {
            items.map { Row(kind: k, name: $0.name, accountId: $0.accountId, accountName: names[$0.accountId], role: $0.roleName) }
        }
        self.init(request: request, generation: generation,
                  rows: rows(plan.added, .add) + rows(plan.updated, .update) + rows(plan.stale, request.prune ? .remove : .stale)
                      + rows(plan.kept, .kept),
                  added: plan.added.count, updated: plan.updated.count, unchanged: plan.unchanged.count,
                  stale: plan.stale.count)
        kept = plan.kept.count
    }

    /// "3 to add, 1 to update, 12 unchanged, 2 to remove".
    public var summary: String {
        var parts = ["\(added) to add", "\(updated) to update", "\(unchanged) unchanged"]
        if stale > 0 { parts.append(request.prune ? "\(stale) to remove" : "\(stale) stale (prune removes them)") }
        if kept > 0 { parts.append("\(kept) kept (hand-made)") }
        return parts.joined(separator: ", ")
    }
}
