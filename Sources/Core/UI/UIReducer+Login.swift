import Foundation

// Logging in and out: device code and PKCE, the login screen, a login a listing asked for.
extension UIReducer {
    static func reduceLogin(_ s: inout UIState, _ action: UIAction) -> [UIEffect] {
        switch action {
        case .login(let n):
            return startLogin(&s, n, reason: nil)
        case .logout(let n):
            // Asks first (it is next to `l`, and it deletes the cached token).
            guard s.sessions.contains(where: { $0.name == n }) else { return [] }
            s.confirm = .logout(n)
            return []
        case .loggedOut(let n):
            if let i = s.sessions.firstIndex(where: { $0.name == n }) {
                s.sessions[i].tokenExpiresAt = nil
                s.sessions[i].refreshable = false
            }
            s.listings[n] = nil
            if s.selectedSession == n { s.selectedAccount = nil; s.focus = .sessions }
            setMessage(&s, UIMessage("Logged out of \(n)", .success))
            return []
        case .loginStarted(let n, let auth, let t):
            guard var l = s.login, l.session == n, l.method == .deviceCode else { return [] }
            l.phase = .waiting(auth, startedAt: t)
            s.login = l
            return [.openBrowser(auth.verificationUriComplete)]
        case .loginSucceeded(let n, let exp):
            if let i = s.sessions.firstIndex(where: { $0.name == n }) {
                s.sessions[i].tokenExpiresAt = exp
                s.sessions[i].refreshable = true
            }
            guard let l = s.login, l.session == n else { return [] }
            s.login = nil
            s.screen = l.returnTo == .login ? .main : l.returnTo
            setMessage(&s, UIMessage("Logged in to \(n)", .success))
            if let then = l.then, s.selectedSession == n {
                // The login was for an action (`c`, `x` on a role): finish it where the user was;
                // a finished listing is still good (only the token had gone).
                s.awaitingToken = nil
                var fx: [UIEffect] = []
                if let li = s.listings[n], li.accountsComplete, !li.fromCache {
                    if li.status == .idle { s.listings[n]?.status = .done }
                } else {
                    fx += startListing(&s, n)
                }
                return fx + reduce(&s, then)
            }
            if s.selectedSession != n {
                s.selectedSession = n
                s.selectedAccount = nil
            }
            s.focus = .accounts
            return startListing(&s, n)
        case .loginFailed(let n, let m):
            guard var l = s.login, l.session == n else { return [] }
            l.phase = .failed(m)
            s.login = l
            return []
        case .loginRetry:
            guard var l = s.login else { return [] }
            l.phase = .starting
            s.login = l
            return [.login(session: l.session, method: l.method)]
        case .pkceStarted(let n, let url, let callback, let t):
            guard var l = s.login, l.session == n, l.method == .pkce else { return [] }
            l.phase = .waitingBrowser(url: url, callback: callback, startedAt: t)
            s.login = l
            return [.openBrowser(url)]
        case .switchLoginMethod:
            guard var l = s.login else { return [] }
            l.method = l.method == .pkce ? .deviceCode : .pkce
            l.phase = .starting
            s.login = l
            s.loginMethod = l.method
            // The runner's new login for the session replaces (cancels) the one in progress.
            return [.login(session: l.session, method: l.method)]
        case .loginCancel:
            guard let l = s.login else { return [] }
            s.login = nil
            if s.screen == .login { s.screen = .main }
            return [.cancelLogin(session: l.session)]
        case .openBrowserAgain:
            guard let u = s.login?.browserURL else { return [] }
            return [.openBrowser(u)]
        case .copyLogin:
            if let a = s.login?.authorization {
                setMessage(&s, UIMessage("Copied the URL and code to the clipboard", .success))
                return [.copyToClipboard("\(a.verificationUriComplete) \(a.userCode)")]
            }
            guard let u = s.login?.browserURL else { return [] }
            setMessage(&s, UIMessage("Copied the URL to the clipboard (open it on this machine)", .success))
            return [.copyToClipboard(u)]
        case .needsLogin(let n, let why):
            if s.listings[n]?.status == .loading { s.listings[n]?.status = .idle }
            if let i = s.sessions.firstIndex(where: { $0.name == n }) {
                s.sessions[i].tokenExpiresAt = nil
                s.sessions[i].refreshable = false
            }
            let then = s.awaitingToken?.session == n ? s.awaitingToken?.action : nil
            s.awaitingToken = nil
            let fx = startLogin(&s, n, reason: why)
            s.login?.then = then
            return fx
        default:
            return []
        }
    }

    static func startLogin(_ s: inout UIState, _ n: String, reason: String?) -> [UIEffect] {
        let returnTo: UIScreen = (s.screen == .login || s.screen == .sessionForm) ? .main : s.screen
        s.login = UILogin(session: n, phase: .starting, reason: reason,
                          returnTo: returnTo == .editor || returnTo == .populate ? .main : returnTo, method: s.loginMethod)
        if s.screen == .editor { s.editor = nil }
        if s.screen == .populate { s.populate = nil }
        s.confirm = nil
        s.screen = .login
        return [.cancelListing(session: n), .login(session: n, method: s.loginMethod)]
    }
}
