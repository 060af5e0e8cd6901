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
    /// The text; a key is named by its action's placeholder (`UIKeyHint.reload.placeholder`,
    /// `{reload}`), which the App replaces with the key its keymap binds (``rendered(keys:)``).
    public var text: String
    public var level: Level
    /// Stays until replaced (others fade after a few seconds; errors always stay).
    public var sticky: Bool
    public init(_ text: String, _ level: Level = .info, sticky: Bool = false) {
        self.text = text
        self.level = level
        self.sticky = sticky
    }

    /// The text with each placeholder replaced by the key `keys` names for its action.
    public func rendered(keys: (UIKeyHint) -> String) -> String {
        var out = text
        for h in UIKeyHint.allCases where out.contains(h.placeholder) {
            out = out.replacingOccurrences(of: h.placeholder, with: keys(h))
        }
        return out
    }
}

/// An action a message tells the user to take. Core does not know the keys (the App's keymap
/// binds them): a message names the action with its placeholder, and the App shows the key.
public enum UIKeyHint: String, Sendable, Equatable, CaseIterable {
    /// Reload the config and the accounts (`UIAction.reload`).
    case reload
    /// Act on the selected session: log in if needed (`UIAction.activateSession`).
    case activateSession
    /// Log in to the selected session again (`UIAction.login`).
    case login

    /// How a message names it: `{reload}`.
    public var placeholder: String { "{\(rawValue)}" }
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
