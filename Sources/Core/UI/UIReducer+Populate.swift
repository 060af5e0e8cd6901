import Foundation

// Populate: one profile per role of the chosen accounts, previewed, then written.
extension UIReducer {
    static func reducePopulate(_ s: inout UIState, _ action: UIAction) -> [UIEffect] {
        switch action {
        case .openPopulate(let ids, let label):
            return openPopulate(&s, ids, label)
        case .populateChanged(let req):
            guard var p = s.populate else { return [] }
            if let e = populateProblem(req) { s.populate?.error = e; return [] }
            p.error = nil
            p.generation += 1
            s.populate = p
            return [.previewPopulate(req, generation: p.generation, accounts: p.accounts, roles: p.roles)]
        case .populatePreviewed(let pv):
            guard var p = s.populate, pv.generation == p.generation else { return [] }
            p.preview = pv
            p.error = nil
            s.populate = p
            return []
        case .populatePreviewFailed(let g, let m):
            if g == s.populate?.generation { s.populate?.error = m }
            return []
        case .submitPopulate(let req):
            guard let p = s.populate else { return [] }
            if let e = populateProblem(req) { s.populate?.error = e; return [] }
            if let pv = p.preview, pv.request == req, pv.generation == p.generation, pv.changes == 0 {
                s.populate = nil
                s.screen = .main
                setMessage(&s, UIMessage("Nothing to write: the profiles of \(p.scopeLabel) are up to date", .success))
                return []
            }
            return [.editConfig(.populate(req, accounts: p.accounts, roles: p.roles))]
        default:
            return []
        }
    }

    static func populateProblem(_ r: UIPopulateRequest) -> String? {
        do { try ProfileNaming.validate(template: r.template) } catch let e as PopulateError {
            if case .badTemplate(let m) = e { return "Template: \(m)" }
        } catch { return "Template: \(error)" }
        if !isRegion(r.region) { return "Region: choose a region" }
        if let o = r.output, !UIValidation.outputs.contains(o) { return "Output: one of \(UIValidation.outputs.joined(separator: ", "))" }
        return nil
    }

    static func openPopulate(_ s: inout UIState, _ ids: [String]?, _ label: String) -> [UIEffect] {
        guard let n = s.selectedSession, let sess = s.currentSession else { return [] }
        guard let l = s.listings[n], l.status == .done, l.accountsComplete, !l.fromCache else {
            let why = s.listings[n] == nil ? "log in and load the accounts first" : "wait until the listing has finished"
            setMessage(&s, UIMessage("Populate needs every account's roles: \(why)", .warning))
            return []
        }
        let scope = ids.map(Set.init)
        let accounts = scope.map { sc in l.accounts.filter { sc.contains($0.accountId) } } ?? l.accounts
        if accounts.isEmpty {
            setMessage(&s, UIMessage("No accounts to populate", .warning))
            return []
        }
        // Never plan from a partial listing: a missing role would look like a removed one.
        let failed = accounts.filter { l.roleErrors[$0.accountId] != nil || l.roles[$0.accountId] == nil }
        if !failed.isEmpty {
            setMessage(&s, UIMessage("The roles of \(failed.count) account(s) could not be listed; "
                                     + "\(UIKeyHint.reload.placeholder) reloads, then populate again", .error))
            return []
        }
        var roles: [AccountRole] = []
        for a in accounts { for r in l.roles[a.accountId] ?? [] { roles.append(AccountRole(accountId: a.accountId, roleName: r)) } }
        let req = UIPopulateRequest(session: n, region: sess.region, accountIds: ids)
        var p = UIPopulate(initial: req, scopeLabel: label, accounts: accounts, roles: roles)
        p.generation = 1
        s.populate = p
        // A line from before ("Populate needs every account's roles…") no longer applies.
        if s.message?.level != .error || s.message?.text.hasPrefix("Populate") == true { s.message = nil }
        s.confirm = nil
        s.screen = .populate
        return [.previewPopulate(req, generation: 1, accounts: accounts, roles: roles)]
    }
}
