import Foundation

// What happens, in domain terms: the App's keys and the effect runner's answers become these
// actions, and `UIReducer.reduce` handles them.

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
    /// Profiles for old SDKs too (`sso_tui_compat = true`; see ``CompatProfiles``).
    public var compat: Bool
    public init(name: String, startURL: String, region: String, scopes: String, compat: Bool = false) {
        self.name = name
        self.startURL = startURL
        self.region = region
        self.scopes = scopes
        self.compat = compat
    }
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
