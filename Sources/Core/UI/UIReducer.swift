import Foundation

/// The TUI's pure reducer: `reduce(&state, action) -> [UIEffect]`.
///
/// ```swift
/// var s = UIState(configPath: path, now: Date())
/// let effects = UIReducer.reduce(&s, .start)        // [.loadConfig]
/// ```
///
/// `reduce` only dispatches: each feature's actions are handled in the `UIReducer+<Feature>.swift`
/// file named for it (Config, Navigation, Login, Tokens, Listing, Sessions, RoleActions, Populate, Profiles).
public enum UIReducer {
    public static func reduce(_ s: inout UIState, _ action: UIAction) -> [UIEffect] {
        switch action {
        case .start, .tick, .configLoaded, .configFailed, .configSaved, .configSaveFailed, .dismissMessage, .notify:
            return reduceConfig(&s, action)
        case .focus, .focusNext, .focusPrevious, .selectSession, .selectAccount, .activateSession, .activateAccount,
             .activateRole, .reload, .showProfiles, .back, .confirm:
            return reduceNavigation(&s, action)
        case .login, .logout, .loggedOut, .loginStarted, .loginSucceeded, .loginFailed, .loginRetry, .pkceStarted,
             .switchLoginMethod, .loginCancel, .openBrowserAgain, .copyLogin, .needsLogin:
            return reduceLogin(&s, action)
        case .tokensRead, .tokenRefreshed, .tokenRefreshFailed:
            return reduceTokens(&s, action)
        case .listing, .listingCached:
            return reduceListing(&s, action)
        case .newSession, .submitSession:
            return reduceSessions(&s, action)
        case .openConsole, .copyCredentials:
            return reduceRoleActions(&s, action)
        case .openPopulate, .populateChanged, .populatePreviewed, .populatePreviewFailed, .submitPopulate:
            return reducePopulate(&s, action)
        case .editProfile, .submitProfile, .renameProfile, .deleteProfile, .makeDefault:
            return reduceProfiles(&s, action)
        }
    }

    // MARK: - Helpers

    static func setMessage(_ s: inout UIState, _ m: UIMessage) {
        s.message = m
        s.messageSetAt = s.now
    }

    static func isRegion(_ r: String) -> Bool { UIValidation.isRegion(r) }
}
