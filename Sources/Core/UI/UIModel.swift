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
            let k = UIListing.sortKey(a)
            sortKeys[a.accountId] = k
            return (k, a)
        }
        incoming.sort { $0.key != $1.key ? $0.key < $1.key : $0.account.accountId < $1.account.accountId }
        var out: [Account] = []
        out.reserveCapacity(accounts.count + incoming.count)
        var j = 0
        for a in accounts where incomingById[a.accountId] == nil {
            let k = sortKeys[a.accountId] ?? UIListing.sortKey(a)
            while j < incoming.count,
                  incoming[j].key < k || (incoming[j].key == k && incoming[j].account.accountId < a.accountId) {
                out.append(incoming[j].account)
                j += 1
            }
            out.append(a)
        }
        while j < incoming.count { out.append(incoming[j].account); j += 1 }
        accounts = out
    }

    /// Case- and diacritic-insensitive key: the name (or the id when there is none), folded.
    static func sortKey(_ a: Account) -> String {
        (a.accountName ?? a.accountId).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
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
        /// Denied, expired or a network error; `r` / Enter retries.
        case failed(String)
    }
    public var session: String
    public var phase: Phase
    /// Why the login screen came up (shown as its subtitle), e.g. "the token has expired".
    public var reason: String?
    /// Where to go after success.
    public var returnTo: UIScreen

    public init(session: String, phase: Phase = .starting, reason: String? = nil, returnTo: UIScreen = .main) {
        self.session = session
        self.phase = phase
        self.reason = reason
        self.returnTo = returnTo
    }

    public var authorization: DeviceAuthorization? {
        if case .waiting(let a, _) = phase { return a }
        return nil
    }

    /// Seconds left before the code expires.
    public func remaining(at now: Date) -> TimeInterval? {
        guard case .waiting(let a, let t) = phase else { return nil }
        return max(0, t.addingTimeInterval(TimeInterval(a.expiresIn)).timeIntervalSince(now))
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

/// A question waiting for y/n.
public enum UIConfirm: Sendable, Equatable {
    case overwriteProfile(UIProfileDraft)
    case deleteProfile(String)
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
}

/// Side effects, as data.
public enum UIEffect: Sendable, Equatable {
    /// Read the config (sessions, profiles) and the cached tokens: answers `.configLoaded`.
    case loadConfig
    /// Register + start device authorization + poll; answers `.loginStarted`, then
    /// `.loginSucceeded` or `.loginFailed`. A new login for the same session replaces the old.
    case login(session: String)
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

    // Listing
    case listing(session: String, ListingEvent)
    /// The saved accounts and roles of an earlier listing, shown while the live one runs.
    case listingCached(session: String, accounts: [Account], roles: [String: [String]], savedAt: Date)
    /// No usable token when a listing was about to start (the runner could not get one).
    case needsLogin(session: String, String)

    // Sessions form
    case newSession
    case submitSession(UISessionDraft)

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
    public func profileName(session: String, accountId: String, role: String) -> String? {
        profiles.first { $0.ssoSession == session && $0.ssoAccountId == accountId && $0.ssoRoleName == role }?.name
    }

    public var isLoading: Bool {
        if case .starting? = login?.phase, screen == .login { return true }
        return listings.values.contains { $0.status == .loading }
    }
}
