import Foundation

// What the reducer asks for, as data: the App's effect runner performs it (HTTP, files, clock,
// browser) and reports back with more actions.

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
