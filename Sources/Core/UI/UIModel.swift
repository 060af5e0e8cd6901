import Foundation

// The TUI's domain model: one state value, actions in domain terms, effects as data.
// `UIReducer.reduce(&state, action) -> [UIEffect]` is pure (no network, clock or files): the
// time arrives in actions, and effects are run by the App's effect runner, which reports back
// with more actions. Widget state (cursor positions, text being typed, filters) lives in the App.

/// The three panes of the main screen.
public enum UIPane: Int, Sendable, Equatable, CaseIterable {
    case sessions, accounts, roles

    public var next: UIPane { UIPane(rawValue: (rawValue + 1) % 3)! }
    public var previous: UIPane { UIPane(rawValue: (rawValue + 2) % 3)! }
}

/// Which screen is up.
public enum UIScreen: Sendable, Equatable {
    /// The sso-session form (first run, or `n`).
    case sessionForm
    case main
    case login
    /// The profile editor.
    case editor
    /// The Profiles view (`p`).
    case profiles
    /// Populate with a preview (`P` on the Accounts or Roles pane).
    case populate
}

/// How a login runs: the device code (default; works over SSH and in containers) or the
/// authorization code with PKCE (AWS CLI v2 2.22+; needs a browser on this machine).
public enum UILoginMethod: Sendable, Equatable {
    case deviceCode, pkce
}

/// One sso-session as the Sessions pane shows it.
public struct UISession: Sendable, Equatable {
    public var name: String
    public var startURL: String
    public var region: String
    /// `sso_registration_scopes` when configured.
    public var scopes: [String]?
    /// The cached token's expiry (nil: no token cached).
    public var tokenExpiresAt: Date?
    /// The cached token can be refreshed without a browser.
    public var refreshable: Bool

    public init(name: String, startURL: String, region: String, scopes: [String]? = nil,
                tokenExpiresAt: Date? = nil, refreshable: Bool = false) {
        self.name = name
        self.startURL = startURL
        self.region = region
        self.scopes = scopes
        self.tokenExpiresAt = tokenExpiresAt
        self.refreshable = refreshable
    }

    public func isLoggedIn(at now: Date) -> Bool {
        guard let e = tokenExpiresAt else { return false }
        return e > now || refreshable
    }
}

/// Progress of a listing.
public enum UILoad: Sendable, Equatable {
    case idle
    case loading
    case done
    case failed(String)
}

/// Accounts and roles of one session, as they arrive.
public struct UIListing: Sendable, Equatable {
    /// Sorted by name (case-insensitive), then id.
    public var accounts: [Account] = []
    public var roles: [String: [String]] = [:]
    public var roleErrors: [String: String] = [:]
    public var status: UILoad = .idle
    public var accountsComplete = false
    /// The accounts shown are the saved snapshot of an earlier listing (shown at once on start);
    /// live pages replace them, and accounts the live listing no longer has are dropped.
    public var fromCache = false
    public var cachedAt: Date?
    var liveIds: Set<String> = []

    public init() {}

    /// Folded sort keys by account id, computed once per account (folding inside every
    /// comparison made sorting 2,000 accounts the slowest part of start-up).
    var sortKeys: [String: String] = [:]

    /// Adds (or replaces, by id) a page of accounts, keeping `accounts` sorted. Only the page is
    /// sorted; it is then merged into the sorted list, so a listing of n accounts in pages costs
    /// O(n) per page instead of a full sort per page.
    public mutating func add(_ page: [Account]) {
        var incomingById: [String: Account] = [:]
        for a in page { incomingById[a.accountId] = a }
        var incoming: [(key: String, account: Account)] = incomingById.values.map { a in
            let k = a.sortKey
            sortKeys[a.accountId] = k
            return (k, a)
        }
        incoming.sort { Account.ordered(($0.key, $0.account.accountId), ($1.key, $1.account.accountId)) }
        var out: [Account] = []
        out.reserveCapacity(accounts.count + incoming.count)
        var j = 0
        for a in accounts where incomingById[a.accountId] == nil {
            let k = sortKeys[a.accountId] ?? a.sortKey
            while j < incoming.count, Account.ordered((incoming[j].key, incoming[j].account.accountId), (k, a.accountId)) {
                out.append(incoming[j].account)
                j += 1
            }
            out.append(a)
        }
        while j < incoming.count { out.append(incoming[j].account); j += 1 }
        accounts = out
    }

    public func account(_ id: String) -> Account? { accounts.first { $0.accountId == id } }
}

/// The device-code login in progress.
public struct UILogin: Sendable, Equatable {
    public enum Phase: Sendable, Equatable {
        /// Registering the client / starting the device authorization.
        case starting
        /// Waiting for the user to approve in the browser.
        case waiting(DeviceAuthorization, startedAt: Date)
        /// PKCE: the authorize URL is open in the browser; waiting for its redirect to the
        /// 127.0.0.1 listener (`callback`), at most ``PKCE/timeout``.
        case waitingBrowser(url: String, callback: String, startedAt: Date)
        /// Denied, expired or a network error; `r` / Enter retries.
        case failed(String)
    }
    public var session: String
    public var phase: Phase
    /// Why the login screen came up (shown as its subtitle), e.g. "the token has expired".
    public var reason: String?
    /// Where to go after success.
    public var returnTo: UIScreen
    public var method: UILoginMethod
    /// The action that needed this login (`c`, `x` on a role): it is finished after approval.
    public var then: UIAction?

    public init(session: String, phase: Phase = .starting, reason: String? = nil, returnTo: UIScreen = .main,
                method: UILoginMethod = .deviceCode) {
        self.session = session
        self.phase = phase
        self.reason = reason
        self.returnTo = returnTo
        self.method = method
    }

    /// The URL the user opens: the verification URL with the code, or the PKCE authorize URL.
    public var browserURL: String? {
        switch phase {
        case .waiting(let a, _): return a.verificationUriComplete
        case .waitingBrowser(let u, _, _): return u
        default: return nil
        }
    }

    public var authorization: DeviceAuthorization? {
        if case .waiting(let a, _) = phase { return a }
        return nil
    }

    /// Seconds left before the code expires.
    public func remaining(at now: Date) -> TimeInterval? {
        switch phase {
        case .waiting(let a, let t): return max(0, t.addingTimeInterval(TimeInterval(a.expiresIn)).timeIntervalSince(now))
        case .waitingBrowser(_, _, let t): return max(0, t.addingTimeInterval(PKCE.timeout).timeIntervalSince(now))
        default: return nil
        }
    }
}

/// What the profile editor edits.
public struct UIEditorContext: Sendable, Equatable {
    public var session: String
    public var accountId: String
    public var accountName: String?
    public var role: String
    /// The profile being edited (nil: a new one).
    public var existingName: String?
    /// Prefill values.
    public var name: String
    public var region: String
    public var output: String
    /// The screen to go back to (main or profiles).
    public var returnTo: UIScreen

    public init(session: String, accountId: String, accountName: String?, role: String, existingName: String?,
                name: String, region: String, output: String, returnTo: UIScreen = .main) {
        self.returnTo = returnTo
        self.session = session
        self.accountId = accountId
        self.accountName = accountName
        self.role = role
        self.existingName = existingName
        self.name = name
        self.region = region
        self.output = output
    }
}

/// The editor's values when the user saves.
public struct UIProfileDraft: Sendable, Equatable {
    public var name: String
    public var region: String
    public var output: String
    public init(name: String, region: String, output: String) {
        self.name = name
        self.region = region
        self.output = output
    }
}

/// The sso-session form's values.
public struct UISessionDraft: Sendable, Equatable {
    public var name: String
    public var startURL: String
    public var region: String
    public var scopes: String
    public init(name: String, startURL: String, region: String, scopes: String) {
        self.name = name
        self.startURL = startURL
        self.region = region
        self.scopes = scopes
    }
}

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

/// An action waiting for a session's login.
public struct UIPendingAction: Sendable, Equatable {
    public var session: String
    public var action: UIAction
    public init(session: String, action: UIAction) { self.session = session; self.action = action }
}

/// A question waiting for y/n.
public enum UIConfirm: Sendable, Equatable {
    case overwriteProfile(UIProfileDraft)
    case deleteProfile(String)
    /// `L`: portal Logout and the cached token deleted.
    case logout(String)
    /// `*`: copy the profile's SSO and region/output keys into `[default]`.
    case makeDefault(String)
}

/// A line in the status area.
public struct UIMessage: Sendable, Equatable {
    public enum Level: Sendable, Equatable { case info, success, warning, error }
    public var text: String
    public var level: Level
    /// Stays until replaced (others fade after a few seconds; errors always stay).
    public var sticky: Bool
    public init(_ text: String, _ level: Level = .info, sticky: Bool = false) {
        self.text = text
        self.level = level
        self.sticky = sticky
    }
}

/// A config change for the effect runner (applied through `ConfigStore.update`).
public enum UIConfigEdit: Sendable, Equatable {
    /// Writes the profile. `overwrite`: an existing profile of that name is removed first;
    /// `renameFrom`: the profile being edited is renamed to the new name first.
    case saveProfile(ProfileConfig, renameFrom: String?, overwrite: Bool)
    case renameProfile(from: String, to: String)
    case removeProfile(String)
    case setDefault(String)
    case saveSession(SSOSessionConfig)
    /// Populate (planned again under the config lock, so a file changed meanwhile is respected).
    case populate(UIPopulateRequest, accounts: [Account], roles: [AccountRole])
}

/// Side effects, as data.
public enum UIEffect: Sendable, Equatable {
    /// Read the config (sessions, profiles) and the cached tokens: answers `.configLoaded`.
    case loadConfig
    /// Register + start device authorization + poll; answers `.loginStarted`, then
    /// `.loginSucceeded` or `.loginFailed`. A new login for the same session replaces the old.
    /// With PKCE it answers `.pkceStarted` instead of `.loginStarted`.
    case login(session: String, method: UILoginMethod = .deviceCode)
    case cancelLogin(session: String)
    /// Portal Logout + delete the cached token; answers `.loggedOut`.
    case logout(session: String)
    /// Start listing accounts and roles (cancels a running listing of that session); answers `.listing`.
    case listAccounts(session: String)
    case cancelListing(session: String)
    /// Fetch this account's roles next.
    case prioritize(session: String, accountId: String)
    case openBrowser(String)
    case copyToClipboard(String)
    /// Apply a config edit; answers `.configSaved` (then the runner reloads) or `.configSaveFailed`.
    case editConfig(UIConfigEdit)
    /// Plan populate against the config file as it is now; answers `.populatePreviewed`.
    case previewPopulate(UIPopulateRequest, generation: Int, accounts: [Account], roles: [AccountRole])
    /// Role credentials (the CLI v2 cache, else GetRoleCredentials) -> federation -> open the
    /// console in the browser; answers `.notify` (or `.needsLogin`).
    case openConsole(session: String, accountId: String, role: String, region: String)
    /// Role credentials -> `export AWS_...` lines -> clipboard (OSC 52); never drawn.
    case copyCredentials(session: String, accountId: String, role: String)
    /// Re-read the cached tokens (another tool may have logged in or out); answers `.tokensRead`.
    case readTokens
    /// Refresh a token inside its refresh window with the refresh token; answers `.tokenRefreshed`
    /// or `.tokenRefreshFailed`.
    case refreshToken(session: String)
}

/// A session's cached token as the runner read it.
public struct UITokenState: Sendable, Equatable {
    public var expiresAt: Date?
    public var refreshable: Bool
    public init(expiresAt: Date?, refreshable: Bool) {
        self.expiresAt = expiresAt
        self.refreshable = refreshable
    }
}

/// Everything that can happen, in domain terms.
public enum UIAction: Sendable, Equatable {
    // Runtime / config
    case start
    case tick(Date)
    case configLoaded(sessions: [UISession], profiles: [ProfileConfig])
    case configFailed(String)
    case configSaved(UIConfigEdit)
    case configSaveFailed(String)

    // Navigation
    case focus(UIPane)
    case focusNext
    case focusPrevious
    case selectSession(String)
    case selectAccount(String)
    case activateSession(String)
    case activateAccount(String)
    case activateRole(accountId: String, role: String)
    case reload
    case showProfiles
    case back

    // Login
    case login(String)
    case logout(String)
    case loginStarted(session: String, DeviceAuthorization, startedAt: Date)
    case loginSucceeded(session: String, expiresAt: Date)
    case loginFailed(session: String, String)
    case loginRetry
    case loginCancel
    case openBrowserAgain
    case copyLogin
    case loggedOut(String)
    /// PKCE: the authorize URL is ready (the runner opens no browser itself).
    case pkceStarted(session: String, url: String, callback: String, startedAt: Date)
    /// Switch the login in progress between device code and PKCE (and remember the choice).
    case switchLoginMethod
    case tokensRead([String: UITokenState])
    case tokenRefreshed(session: String, expiresAt: Date)
    case tokenRefreshFailed(session: String, String)

    // Listing
    case listing(session: String, ListingEvent)
    /// The saved accounts and roles of an earlier listing, shown while the live one runs.
    case listingCached(session: String, accounts: [Account], roles: [String: [String]], savedAt: Date)
    /// No usable token when a listing was about to start (the runner could not get one).
    case needsLogin(session: String, String)

    // Sessions form
    case newSession
    case submitSession(UISessionDraft)

    // Roles: console, credentials, populate
    case openConsole(accountId: String, role: String)
    case copyCredentials(accountId: String, role: String)
    /// Open the populate screen for these accounts of the selected session (nil: all of them);
    /// `label` says which ("12 accounts matching /prod").
    case openPopulate(accountIds: [String]?, label: String)
    /// The populate screen's values changed: plan again.
    case populateChanged(UIPopulateRequest)
    case populatePreviewed(UIPopulatePreview)
    case populatePreviewFailed(generation: Int, String)
    case submitPopulate(UIPopulateRequest)

    // Profiles
    case editProfile(String)
    case submitProfile(UIProfileDraft)
    case renameProfile(from: String, to: String)
    case deleteProfile(String)
    case makeDefault(String)
    case confirm(Bool)
    case dismissMessage
    /// A line for the status area from the effect runner (e.g. no browser could be opened).
    case notify(UIMessage)
}

/// The whole domain state of the TUI.
public struct UIState: Sendable, Equatable {
    public var screen: UIScreen = .main
    public var focus: UIPane = .sessions
    public var now: Date
    public var configPath: String
    public var configLoaded = false
    public var sessions: [UISession] = []
    public var profiles: [ProfileConfig] = []
    public var selectedSession: String?
    public var selectedAccount: String?
    public var listings: [String: UIListing] = [:]
    public var login: UILogin?
    public var editor: UIEditorContext?
    public var confirm: UIConfirm?
    public var message: UIMessage?
    /// When the message was set (non-error messages fade after a few seconds).
    public var messageSetAt: Date?
    /// Set after a profile was saved: the confirmation line shows it with `export AWS_PROFILE=`.
    public var savedProfile: String?
    /// The sessions form is the first-run form (no sso-session yet).
    public var firstRun = false
    /// The form's values when it was last submitted with errors (kept for re-display).
    public var sessionFormError: String?
    /// The editor's error line (save failed).
    public var editorError: String?
    /// The populate screen.
    public var populate: UIPopulate?
    /// The login method chosen last (`p` on the login screen switches it; `--pkce` starts with PKCE).
    public var loginMethod: UILoginMethod = .deviceCode
    /// Sessions already warned about their token's expiry (by session, the expiry warned about).
    public var expiryWarned: [String: Date] = [:]
    /// Sessions whose token refresh was tried (by session, the expiry it was tried for).
    public var refreshTried: [String: Date] = [:]
    /// When the cached tokens were last read.
    public var tokensReadAt: Date?
    /// The last action that needs the session's token (console, export lines), by session: a
    /// login it leads to finishes it.
    public var awaitingToken: UIPendingAction?

    public init(configPath: String, now: Date) {
        self.configPath = configPath
        self.now = now
    }

    public var currentSession: UISession? { selectedSession.flatMap { n in sessions.first { $0.name == n } } }
    public var currentListing: UIListing? { selectedSession.flatMap { listings[$0] } }

    /// The accounts of the selected session.
    public var accounts: [Account] { currentListing?.accounts ?? [] }

    /// The roles of the selected account (nil: not loaded yet).
    public var roles: [String]? {
        guard let a = selectedAccount else { return nil }
        return currentListing?.roles[a]
    }

    /// The profile that uses (session, account, role), if any.
    public func profile(session: String, accountId: String, role: String) -> ProfileConfig? {
        profiles.first { $0.assumes(session: session, accountId: accountId, role: role) }
    }

    public func profileName(session: String, accountId: String, role: String) -> String? {
        profile(session: session, accountId: accountId, role: role)?.name
    }

    /// The logged-in session whose token expires first, and when (for the status line).
    public var soonestExpiry: (session: String, expiresAt: Date)? {
        sessions.compactMap { s -> (String, Date)? in
            guard let e = s.tokenExpiresAt, e > now else { return nil }
            return (s.name, e)
        }.min { $0.1 < $1.1 }
    }

    public var isLoading: Bool {
        if case .starting? = login?.phase, screen == .login { return true }
        return listings.values.contains { $0.status == .loading }
    }
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
