import Foundation

// Focus, selection, Enter on a row, reload, going back and answering y/n.
extension UIReducer {
    static func reduceNavigation(_ s: inout UIState, _ action: UIAction) -> [UIEffect] {
        switch action {
        case .focus(let p):
            if s.screen == .main { s.focus = p }
            return []
        case .focusNext:
            if s.screen == .main { s.focus = s.focus.next }
            return []
        case .focusPrevious:
            if s.screen == .main { s.focus = s.focus.previous }
            return []
        case .selectSession(let n):
            guard s.selectedSession != n else { return [] }
            s.selectedSession = n
            s.selectedAccount = s.listings[n]?.accounts.first?.accountId
            return []
        case .selectAccount(let id):
            guard s.selectedAccount != id else { return [] }
            s.selectedAccount = id
            return prioritizeSelected(s)
        case .activateSession(let n):
            if s.selectedSession != n {
                s.selectedSession = n
                s.selectedAccount = s.listings[n]?.accounts.first?.accountId
            }
            guard let sess = s.sessions.first(where: { $0.name == n }) else { return [] }
            guard sess.isLoggedIn(at: s.now) else {
                return startLogin(&s, n, reason: nil)
            }
            s.focus = .accounts
            if let l = s.listings[n], l.status == .loading || l.status == .done { return [] }
            return startListing(&s, n)
        case .activateAccount(let id):
            s.selectedAccount = id
            s.focus = .roles
            return prioritizeSelected(s)
        case .activateRole(let accountId, let role):
            guard let sess = s.selectedSession else { return [] }
            openEditor(&s, session: sess, accountId: accountId, role: role, returnTo: .main)
            return []
        case .reload:
            var fx: [UIEffect] = [.loadConfig]
            if s.screen == .main, let n = s.selectedSession {
                if let sess = s.currentSession, !sess.isLoggedIn(at: s.now) {
                    return fx + startLogin(&s, n, reason: nil)
                }
                fx += startListing(&s, n)
                setMessage(&s, UIMessage("Reloading \(n)…"))
            }
            return fx
        case .showProfiles:
            if s.screen == .main || s.screen == .profiles { s.screen = .profiles }
            return []
        case .back:
            if s.confirm != nil { s.confirm = nil; return [] }
            switch s.screen {
            case .profiles: s.screen = .main
            case .editor:
                s.screen = s.editor?.returnTo ?? .main
                s.editor = nil
                s.editorError = nil
            case .sessionForm where !s.firstRun || !s.sessions.isEmpty:
                s.screen = .main
                s.sessionFormError = nil
            case .login:
                return reduce(&s, .loginCancel)
            case .populate:
                s.screen = .main
                s.populate = nil
            default: break
            }
            return []
        case .confirm(let yes):
            guard let c = s.confirm else { return [] }
            s.confirm = nil
            guard yes else { return [] }
            switch c {
            case .overwriteProfile(let d): return saveProfile(s, d, overwrite: true)
            case .deleteProfile(let n): return [.editConfig(.removeProfile(n))]
            case .makeDefault(let n): return [.editConfig(.setDefault(n))]
            case .logout(let n):
                s.listings[n] = nil
                return [.cancelListing(session: n), .logout(session: n)]
            }
        default:
            return []
        }
    }
}
