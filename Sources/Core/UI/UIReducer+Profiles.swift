import Foundation

// Profiles: the editor, rename, delete, make default.
extension UIReducer {
    static func reduceProfiles(_ s: inout UIState, _ action: UIAction) -> [UIEffect] {
        switch action {
        case .editProfile(let name):
            guard let p = s.profiles.first(where: { $0.name == name }) else { return [] }
            guard let sess = p.ssoSession, let acct = p.ssoAccountId, let role = p.ssoRoleName else {
                setMessage(&s, UIMessage("\(name) is not an sso-session profile; it is shown read-only", .warning))
                return []
            }
            openEditor(&s, session: sess, accountId: acct, role: role, returnTo: s.screen == .profiles ? .profiles : .main,
                       existing: p)
            return []
        case .submitProfile(let d):
            guard let e = s.editor else { return [] }
            let name = d.name
            if let p = UIValidation.profileNameProblem(name) { s.editorError = "Name: \(p)"; return [] }
            if !isRegion(d.region) { s.editorError = "Region: choose a region"; return [] }
            if !UIValidation.outputs.contains(d.output) { s.editorError = "Output: one of \(UIValidation.outputs.joined(separator: ", "))"; return [] }
            s.editorError = nil
            if name != e.existingName, s.profiles.contains(where: { $0.name == name }) {
                s.confirm = .overwriteProfile(d)
                return []
            }
            return saveProfile(s, d, overwrite: false)
        case .renameProfile(let from, let to):
            if let p = UIValidation.profileNameProblem(to) { setMessage(&s, UIMessage("Cannot rename: \(p)", .error)); return [] }
            if from == to { return [] }
            if s.profiles.contains(where: { $0.name == to }) {
                setMessage(&s, UIMessage("Cannot rename: profile '\(to)' already exists", .error))
                return []
            }
            return [.editConfig(.renameProfile(from: from, to: to))]
        case .deleteProfile(let n):
            guard s.profiles.contains(where: { $0.name == n }) else { return [] }
            s.confirm = .deleteProfile(n)
            return []
        case .makeDefault(let n):
            if n == "default" { setMessage(&s, UIMessage("That is already the default profile")); return [] }
            guard s.profiles.contains(where: { $0.name == n }) else { return [] }
            s.confirm = .makeDefault(n)
            return []
        default:
            return []
        }
    }

    static func openEditor(_ s: inout UIState, session: String, accountId: String, role: String, returnTo: UIScreen,
                           existing: ProfileConfig? = nil) {
        let acct = s.listings[session]?.account(accountId)
        let sessRegion = s.sessions.first { $0.name == session }?.region ?? "us-east-1"
        let prof = existing ?? s.profile(session: session, accountId: accountId, role: role)
        if let p = prof {
            s.editor = UIEditorContext(session: session, accountId: accountId, accountName: acct?.accountName, role: role,
                                       existingName: p.name, name: p.name, region: p.region ?? sessRegion,
                                       output: p.output ?? "json", returnTo: returnTo)
        } else {
            // The name populate would give the role, so a role gets one name either way.
            let base = ProfileNaming.defaultName(account: acct ?? Account(accountId: accountId), role: role)
            let name = ProfileNaming.uniqueName(base, taken: Set(s.profiles.map(\.name)))
            s.editor = UIEditorContext(session: session, accountId: accountId, accountName: acct?.accountName, role: role,
                                       existingName: nil, name: name, region: sessRegion, output: "json",
                                       returnTo: returnTo)
        }
        s.editorError = nil
        s.confirm = nil
        s.screen = .editor
    }

    static func saveProfile(_ s: UIState, _ d: UIProfileDraft, overwrite: Bool) -> [UIEffect] {
        guard let e = s.editor else { return [] }
        let p = ProfileConfig(name: d.name, ssoSession: e.session, ssoAccountId: e.accountId, ssoRoleName: e.role,
                              region: d.region, output: d.output)
        let renameFrom = (e.existingName != nil && e.existingName != d.name) ? e.existingName : nil
        return [.editConfig(.saveProfile(p, renameFrom: renameFrom, overwrite: overwrite))]
    }
}
