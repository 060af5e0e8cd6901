import Foundation

/// The TUI's pure reducer: `reduce(&state, action) -> [UIEffect]`.
///
/// ```swift
/// var s = UIState(configPath: path, now: Date())
/// let effects = UIReducer.reduce(&s, .start)        // [.loadConfig]
/// ```
public enum UIReducer {
    public static func reduce(_ s: inout UIState, _ action: UIAction) -> [UIEffect] {
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

        // MARK: Login
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

        // MARK: Listing
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

        // MARK: Sessions
        case .newSession:
            if s.screen == .main || s.screen == .profiles {
                s.screen = .sessionForm
                s.firstRun = false
                s.sessionFormError = nil
            }
            return []

        case .submitSession(let d):
            let name = d.name.trimmingCharacters(in: .whitespaces)
            if let p = UIText.sessionNameProblem(name) { s.sessionFormError = "Session name: \(p)"; return [] }
            if s.sessions.contains(where: { $0.name == name }) {
                s.sessionFormError = "Session name: sso-session '\(name)' already exists"
                return []
            }
            let url: String
            switch UIText.normalizeStartURL(d.startURL) {
            case .success(let u): url = u
            case .failure(let e): s.sessionFormError = "Start URL: \(e.description)"; return []
            }
            let region = d.region.trimmingCharacters(in: .whitespaces)
            if !isRegion(region) { s.sessionFormError = "Region: choose a region such as us-east-1"; return [] }
            var scopes = UIText.parseScopes(d.scopes)
            if scopes.isEmpty { scopes = [UIText.defaultScopes] }
            s.sessionFormError = nil
            return [.editConfig(.saveSession(SSOSessionConfig(name: name, startURL: url, region: region, scopes: scopes)))]

        // MARK: Console, credentials, populate
        case .openConsole(let acct, let role):
            guard let n = s.selectedSession, let sess = s.currentSession else { return [] }
            let region = s.profile(session: n, accountId: acct, role: role)?.region ?? sess.region
            setMessage(&s, UIMessage("Opening the AWS console as \(role) in \(accountLabel(s, n, acct))…"))
            s.awaitingToken = UIPendingAction(session: n, action: action)
            return [.openConsole(session: n, accountId: acct, role: role, region: region)]

        case .copyCredentials(let acct, let role):
            guard let n = s.selectedSession else { return [] }
            s.awaitingToken = UIPendingAction(session: n, action: action)
            return [.copyCredentials(session: n, accountId: acct, role: role)]

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

        // MARK: Profiles
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
            if let p = UIText.profileNameProblem(name) { s.editorError = "Name: \(p)"; return [] }
            if !isRegion(d.region) { s.editorError = "Region: choose a region"; return [] }
            if !UIText.outputs.contains(d.output) { s.editorError = "Output: one of \(UIText.outputs.joined(separator: ", "))"; return [] }
            s.editorError = nil
            if name != e.existingName, s.profiles.contains(where: { $0.name == name }) {
                s.confirm = .overwriteProfile(d)
                return []
            }
            return saveProfile(s, d, overwrite: false)

        case .renameProfile(let from, let to):
            if let p = UIText.profileNameProblem(to) { setMessage(&s, UIMessage("Cannot rename: \(p)", .error)); return [] }
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

        case .dismissMessage:
            s.message = nil
            return []

        case .notify(let m):
            // The console / export-lines effects answer with a line: they are done with the token.
            s.awaitingToken = nil
            setMessage(&s, m)
            return []
        }
    }

    // MARK: - Helpers

    static func setMessage(_ s: inout UIState, _ m: UIMessage) {
        s.message = m
        s.messageSetAt = s.now
    }

    static func isRegion(_ r: String) -> Bool { UIText.isRegion(r) }

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
                setMessage(&s, UIMessage("Roles of \(l.roleErrors.count) account(s) could not be listed; R retries", .warning))
            }
        }
        s.listings[n] = l
        return fx
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
            let name = UIText.uniqueName(base, taken: Set(s.profiles.map(\.name)))
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

    static func configSaved(_ s: inout UIState, _ edit: UIConfigEdit) -> [UIEffect] {
        switch edit {
        case .saveSession(let c):
            s.screen = .main
            s.firstRun = false
            s.sessionFormError = nil
            s.selectedSession = c.name
            s.selectedAccount = nil
            s.focus = .sessions
            setMessage(&s, UIMessage("Saved sso-session \(c.name); Enter logs in", .success))
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
                text += "; select the session and press l to log in again"
                setMessage(&s, UIMessage(text, .warning, sticky: true))
            }
        }
        return fx
    }

    // MARK: - Populate

    static func accountLabel(_ s: UIState, _ session: String, _ id: String) -> String {
        guard let a = s.listings[session]?.account(id), let n = a.accountName else { return id }
        return "\(n) (\(id))"
    }

    static func populateProblem(_ r: UIPopulateRequest) -> String? {
        do { try ProfileNaming.validate(template: r.template) } catch let e as PopulateError {
            if case .badTemplate(let m) = e { return "Template: \(m)" }
        } catch { return "Template: \(error)" }
        if !isRegion(r.region) { return "Region: choose a region" }
        if let o = r.output, !UIText.outputs.contains(o) { return "Output: one of \(UIText.outputs.joined(separator: ", "))" }
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
            setMessage(&s, UIMessage("The roles of \(failed.count) account(s) could not be listed; R reloads, then populate again", .error))
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
