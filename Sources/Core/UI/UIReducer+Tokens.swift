import Foundation

// Cached SSO tokens: re-read, refreshed before expiry, warned about.
extension UIReducer {
    static func reduceTokens(_ s: inout UIState, _ action: UIAction) -> [UIEffect] {
        switch action {
        case .tokensRead(let states):
            s.tokensReadAt = s.now
            for (n, st) in states {
                guard let i = s.sessions.firstIndex(where: { $0.name == n }) else { continue }
                s.sessions[i].tokenExpiresAt = st.expiresAt
                s.sessions[i].refreshable = st.refreshable
            }
            return []
        case .tokenRefreshed(let n, let exp):
            if let i = s.sessions.firstIndex(where: { $0.name == n }) {
                s.sessions[i].tokenExpiresAt = exp
                s.sessions[i].refreshable = true
            }
            setMessage(&s, UIMessage("Refreshed the SSO token of \(n): valid for \(UIText.timeLeft(exp.timeIntervalSince(s.now)))", .success))
            return []
        case .tokenRefreshFailed(let n, let m):
            if let i = s.sessions.firstIndex(where: { $0.name == n }) { s.sessions[i].refreshable = false }
            return tokenEffects(&s, refreshError: (n, m))
        default:
            return []
        }
    }

    // MARK: - Tokens: expiry warnings and refresh

    /// Tokens closer than this to expiry are refreshed with their refresh token (botocore's window).
    public static let refreshWindow: TimeInterval = 15 * 60
    /// A token that cannot be refreshed is warned about this long before it expires.
    public static let warnBefore: TimeInterval = 10 * 60
    /// How often the cached tokens are re-read (another tool may log in or out meanwhile).
    public static let tokenReadInterval: TimeInterval = 30

    static func tokenEffects(_ s: inout UIState, refreshError: (String, String)? = nil) -> [UIEffect] {
        guard s.configLoaded else { return [] }
        var fx: [UIEffect] = []
        if s.tokensReadAt.map({ s.now.timeIntervalSince($0) >= tokenReadInterval }) ?? true {
            s.tokensReadAt = s.now
            fx.append(.readTokens)
        }
        for sess in s.sessions {
            guard let e = sess.tokenExpiresAt else { continue }
            let left = e.timeIntervalSince(s.now)
            if sess.refreshable, left <= refreshWindow, s.refreshTried[sess.name] != e {
                s.refreshTried[sess.name] = e
                fx.append(.refreshToken(session: sess.name))
                continue
            }
            if !sess.refreshable, left > 0, left <= warnBefore, s.expiryWarned[sess.name] != e {
                s.expiryWarned[sess.name] = e
                var text = "\(sess.name): the SSO token expires in \(UIText.timeLeft(left))"
                if let (n, m) = refreshError, n == sess.name { text += " and could not be refreshed (\(m))" }
                text += "; select the session and press \(UIKeyHint.login.placeholder) to log in again"
                setMessage(&s, UIMessage(text, .warning, sticky: true))
            }
        }
        return fx
    }
}
