import Foundation

// Adding an sso-session (the session form).
extension UIReducer {
    static func reduceSessions(_ s: inout UIState, _ action: UIAction) -> [UIEffect] {
        switch action {
        case .newSession:
            if s.screen == .main || s.screen == .profiles {
                s.screen = .sessionForm
                s.firstRun = false
                s.sessionFormError = nil
            }
            return []
        case .submitSession(let d):
            let name = d.name.trimmingCharacters(in: .whitespaces)
            if let p = UIValidation.sessionNameProblem(name) { s.sessionFormError = "Session name: \(p)"; return [] }
            if s.sessions.contains(where: { $0.name == name }) {
                s.sessionFormError = "Session name: sso-session '\(name)' already exists"
                return []
            }
            let url: String
            switch UIValidation.normalizeStartURL(d.startURL) {
            case .success(let u): url = u
            case .failure(let e): s.sessionFormError = "Start URL: \(e.description)"; return []
            }
            let region = d.region.trimmingCharacters(in: .whitespaces)
            if !isRegion(region) { s.sessionFormError = "Region: choose a region such as us-east-1"; return [] }
            var scopes = UIValidation.parseScopes(d.scopes)
            if scopes.isEmpty { scopes = [UIValidation.defaultScopes] }
            s.sessionFormError = nil
            return [.editConfig(.saveSession(SSOSessionConfig(name: name, startURL: url, region: region, scopes: scopes,
                                                              values: d.compat ? [CompatProfiles.key: "true"] : [:])))]
        default:
            return []
        }
    }
}
