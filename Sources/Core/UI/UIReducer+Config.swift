import Foundation

// The config loaded, saved or failed; the clock; the status line.
extension UIReducer {
    static func reduceConfig(_ s: inout UIState, _ action: UIAction) -> [UIEffect] {
        switch action {
        case .start:
            return [.loadConfig]
        case .tick(let d):
            s.now = d
            if let m = s.message, m.level == .info || m.level == .success, !m.sticky, s.messageSetAt.map({ d.timeIntervalSince($0) > 8 }) ?? false {
                s.message = nil
            }
            return tokenEffects(&s)
        case .configLoaded(let sessions, let profiles):
            let firstLoad = !s.configLoaded
            s.configLoaded = true
            s.sessions = sessions
            s.profiles = profiles
            if sessions.isEmpty {
                if s.screen == .main || s.screen == .login {
                    s.screen = .sessionForm
                    s.firstRun = true
                }
                s.selectedSession = nil
                return []
            }
            if s.selectedSession == nil || !sessions.contains(where: { $0.name == s.selectedSession }) {
                s.selectedSession = sessions[0].name
                s.selectedAccount = nil
            }
            // Coming back in the morning: a session that is still logged in loads straight away.
            if firstLoad, s.screen == .main, let cur = s.currentSession, cur.isLoggedIn(at: s.now) {
                s.focus = .accounts
                return startListing(&s, cur.name)
            }
            return []
        case .configFailed(let m):
            s.configLoaded = true
            setMessage(&s, UIMessage("cannot read the config: \(m)", .error))
            return []
        case .configSaved(let edit):
            return configSaved(&s, edit)
        case .configSaveFailed(let m):
            switch s.screen {
            case .editor: s.editorError = m
            case .sessionForm: s.sessionFormError = m
            case .populate: s.populate?.error = m
            default: setMessage(&s, UIMessage(m, .error))
            }
            return []
        case .dismissMessage:
            s.message = nil
            return []
        case .notify(let m):
            // The console / export-lines effects answer with a line: they are done with the token.
            s.awaitingToken = nil
            setMessage(&s, m)
            return []
        default:
            return []
        }
    }

    static func configSaved(_ s: inout UIState, _ edit: UIConfigEdit) -> [UIEffect] {
        switch edit {
        case .saveSession(let c):
            s.screen = .main
            s.firstRun = false
            s.sessionFormError = nil
            s.selectedSession = c.name
            s.selectedAccount = nil
            s.focus = .sessions
            setMessage(&s, UIMessage("Saved sso-session \(c.name); \(UIKeyHint.activateSession.placeholder) logs in", .success))
        case .saveProfile(let p, _, _):
            s.screen = s.editor?.returnTo ?? .main
            s.editor = nil
            s.editorError = nil
            s.savedProfile = p.name
            setMessage(&s, UIMessage("Saved profile \(p.name): export AWS_PROFILE=\(p.name) · aws sts get-caller-identity --profile \(p.name)",
                                     .success, sticky: true))
        case .renameProfile(let from, let to):
            if s.savedProfile == from { s.savedProfile = to }
            setMessage(&s, UIMessage("Renamed profile \(from) to \(to)", .success))
        case .removeProfile(let n):
            if s.savedProfile == n { s.savedProfile = nil }
            setMessage(&s, UIMessage("Deleted profile \(n)", .success))
        case .setDefault(let n):
            setMessage(&s, UIMessage("The default profile now uses the settings of \(n)", .success))
        case .populate:
            if s.screen == .populate { s.screen = .main }
            s.populate = nil
            // The runner follows with a `.notify` carrying the counts of what it wrote.
        }
        return [.loadConfig]
    }
}
