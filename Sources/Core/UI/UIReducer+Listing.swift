import Foundation

// Listing a session's accounts and roles (live, and from the tree cache first).
extension UIReducer {
    static func reduceListing(_ s: inout UIState, _ action: UIAction) -> [UIEffect] {
        switch action {
        case .listing(let n, let ev):
            return listing(&s, n, ev)
        case .listingCached(let n, let accounts, let roles, let savedAt):
            guard var l = s.listings[n], l.status == .loading, l.accounts.isEmpty, !l.accountsComplete else { return [] }
            l.add(accounts)
            // In the order the live listing gives them, so the cursor does not jump when it arrives.
            l.roles = roles.mapValues { $0.sorted { $0.localizedCaseInsensitiveCompare($1) == .orderedAscending } }
            l.fromCache = true
            l.cachedAt = savedAt
            s.listings[n] = l
            if s.selectedSession == n, s.selectedAccount == nil { s.selectedAccount = l.accounts.first?.accountId }
            return []
        default:
            return []
        }
    }

    static func startListing(_ s: inout UIState, _ n: String) -> [UIEffect] {
        var l = UIListing()
        l.status = .loading
        s.listings[n] = l
        var fx: [UIEffect] = [.listAccounts(session: n)]
        if s.selectedSession == n, let a = s.selectedAccount { fx.append(.prioritize(session: n, accountId: a)) }
        return fx
    }

    static func prioritizeSelected(_ s: UIState) -> [UIEffect] {
        guard let n = s.selectedSession, let a = s.selectedAccount, let l = s.listings[n],
              l.status == .loading, l.roles[a] == nil else { return [] }
        return [.prioritize(session: n, accountId: a)]
    }

    static func listing(_ s: inout UIState, _ n: String, _ ev: ListingEvent) -> [UIEffect] {
        // Taken out while it changes, so its accounts and roles are not copied on each event
        // (a copy of the whole tree per result: quadratic over a big org's listing).
        guard var l = s.listings.removeValue(forKey: n) else { return [] }
        var fx: [UIEffect] = []
        switch ev {
        case .accounts(let page):
            l.add(page)
            if l.fromCache { l.liveIds.formUnion(page.map(\.accountId)) }
            s.listings[n] = l
            if s.selectedSession == n, s.selectedAccount == nil || l.account(s.selectedAccount!) == nil,
               let first = l.accounts.first {
                // Keep a remembered selection (reload, re-login) until its account arrives.
                if s.selectedAccount == nil { s.selectedAccount = first.accountId }
            }
            if s.selectedSession == n { fx += prioritizeSelected(s) }
            return fx
        case .accountsComplete:
            l.accountsComplete = true
            if l.fromCache {
                let live = l.liveIds
                l.accounts.removeAll { !live.contains($0.accountId) }
                l.roles = l.roles.filter { live.contains($0.key) }
                l.fromCache = false
                l.liveIds = []
            }
            if s.selectedSession == n, let sel = s.selectedAccount, l.account(sel) == nil {
                s.selectedAccount = l.accounts.first?.accountId
            }
        case .roles(let id, let roles):
            l.roles[id] = roles.map(\.roleName).sorted { $0.localizedCaseInsensitiveCompare($1) == .orderedAscending }
        case .accountFailed(let id, let m):
            l.roleErrors[id] = m
            l.roles[id] = l.roles[id] ?? []
        case .unauthorized:
            l.status = .idle
            s.listings[n] = l
            if let i = s.sessions.firstIndex(where: { $0.name == n }) {
                s.sessions[i].tokenExpiresAt = nil
                s.sessions[i].refreshable = false
            }
            return startLogin(&s, n, reason: "The SSO token is no longer accepted (expired or signed out); log in again.")
        case .failed(let m):
            l.status = .failed(m)
            setMessage(&s, UIMessage("Listing accounts failed: \(m)", .error))
        case .finished:
            l.status = .done
            if !l.roleErrors.isEmpty {
                setMessage(&s, UIMessage("Roles of \(l.roleErrors.count) account(s) could not be listed; "
                                         + "\(UIKeyHint.reload.placeholder) retries", .warning))
            }
        }
        s.listings[n] = l
        return fx
    }
}
