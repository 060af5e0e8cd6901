import Core
import Foundation
import TUIKit

/// Runs `UIEffect`s with the real clients, caches and config store, and reports back with
/// `UIAction`s. Long-running work (device-code polling, listings) runs in tasks it keeps so it
/// can cancel them; the actor only guards that bookkeeping.
actor TUIEffectRunner {
    let global: GlobalOptions
    let environment: [String: String]
    private var logins: [String: Task<Void, Never>] = [:]
    private var listings: [String: (task: Task<Void, Never>, loader: AccountTreeLoader?)] = [:]
    private var pendingPriority: [String: String] = [:]
    /// In-flight token look-ups (and refreshes) by session: the listing and the background
    /// refresh share one, so a refresh token is never spent twice at once.
    private var tokenTasks: [String: Task<SSOToken, Error>] = [:]
    /// The newest populate preview asked for: older ones still waiting are skipped.
    private var previewGeneration = 0
    private func isLatestPreview(_ g: Int) -> Bool { g == previewGeneration }

    private let log: TUILog
    /// The fixed 127.0.0.1 port for PKCE logins (`--pkce-port`; nil: a free port).
    let pkcePort: UInt16?

    init(global: GlobalOptions, environment: [String: String] = ProcessInfo.processInfo.environment, pkcePort: UInt16? = nil) {
        self.global = global
        self.environment = environment
        self.pkcePort = pkcePort
        self.log = TUILog(path: environment["AWS_SSO_TUI_LOG"])
    }

    /// What an effect was, for the log: names, ids and paths only (no tokens, codes or secrets).
    static func logLine(_ e: UIEffect) -> String {
        switch e {
        case .loadConfig: return "load config"
        case .login(let n, let m): return "login \(n)\(m == .pkce ? " (PKCE)" : "")"
        case .cancelLogin(let n): return "cancel login \(n)"
        case .logout(let n): return "logout \(n)"
        case .listAccounts(let n): return "list accounts \(n)"
        case .cancelListing(let n): return "cancel listing \(n)"
        case .prioritize(let n, let id): return "prioritize \(n) \(id)"
        case .openBrowser: return "open browser"
        case .copyToClipboard: return "copy to clipboard"
        case .editConfig(let edit):
            switch edit {
            case .saveProfile(let p, let from, let over): return "save profile \(p.name) renameFrom=\(from ?? "-") overwrite=\(over)"
            case .renameProfile(let a, let b): return "rename profile \(a) -> \(b)"
            case .removeProfile(let n): return "remove profile \(n)"
            case .setDefault(let n): return "set default \(n)"
            case .saveSession(let c): return "save sso-session \(c.name)"
            case .populate(let r, let a, _): return "populate \(r.session): \(a.count) accounts, template \(r.template), prune=\(r.prune)"
            }
        case .previewPopulate(let r, let g, let a, _): return "preview populate \(r.session) #\(g): \(a.count) accounts"
        case .openConsole(let n, let a, let r, let region): return "console \(n) \(a) \(r) \(region)"
        case .copyCredentials(let n, let a, let r): return "copy credentials \(n) \(a) \(r)"
        case .readTokens: return "read tokens"
        case .refreshToken(let n): return "refresh token \(n)"
        }
    }

    var store: ConfigStore { ConfigStore(path: ConfigStore.resolvePath(explicit: global.config, environment: environment)) }

    func run(_ effect: UIEffect, send reply: @escaping @Sendable (UIAction) -> Void) async {
        log.write(Self.logLine(effect))
        let log = self.log
        let send: @Sendable (UIAction) -> Void = { a in
            switch a {
            case .loginFailed(let n, let m): log.write("login \(n) failed: \(m)")
            case .loginSucceeded(let n, _): log.write("login \(n) approved")
            case .configFailed(let m), .configSaveFailed(let m): log.write("config: \(m)")
            case .needsLogin(let n, let m): log.write("needs login \(n): \(m)")
            case .listing(let n, .failed(let m)), .listing(let n, .unauthorized(let m)): log.write("listing \(n): \(m)")
            case .listing(let n, .accountFailed(let id, let m)): log.write("listing \(n) account \(id): \(m)")
            case .listing(let n, .finished(let st)):
                log.write("listing \(n) finished: \(st.accounts) accounts, \(st.roles) roles, \(st.requests) requests, "
                          + "\(st.throttled) throttled, \(String(format: "%.2f", st.totalTime)) s")
            case .notify(let m): log.write(TUIKeymap.text(m))
            case .tokenRefreshed(let n, let e): log.write("token \(n) refreshed until \(AWSTime.format(e))")
            case .tokenRefreshFailed(let n, let m): log.write("token \(n) refresh failed: \(m)")
            case .populatePreviewed(let p): log.write("populate preview #\(p.generation): \(p.summary)")
            case .populatePreviewFailed(_, let m): log.write("populate preview: \(m)")
            default: break
            }
            reply(a)
        }
        switch effect {
        case .loadConfig:
            send(loadConfig())

        case .login(let n, let method):
            logins[n]?.cancel()
            let g = global
            let port = pkcePort
            logins[n] = Task.detached {
                do {
                    let ctx = try SSOContext.resolve(global: g, session: n, profile: nil)
                    let svc = ctx.login
                    if method == .pkce {
                        let listener = try LoopbackListener(port: port ?? 0)
                        defer { listener.shutdownListener() }
                        let callback = PKCE.redirectURI(port: listener.port)
                        let token = try await svc.pkceLogin(ctx.session, oidcBase: ctx.resolver.url(for: .oidc, region: ctx.session.region),
                                                            listener: listener) { url in
                            send(.pkceStarted(session: n, url: url, callback: callback, startedAt: Date()))
                        }
                        try Task.checkCancellation()
                        send(.loginSucceeded(session: n, expiresAt: token.expiresAt))
                        return
                    }
                    let (reg, auth) = try await svc.startDeviceLogin(ctx.session)
                    let started = Date()
                    try Task.checkCancellation()
                    send(.loginStarted(session: n, auth, startedAt: started))
                    let token = try await svc.pollDeviceLogin(ctx.session, registration: reg, authorization: auth, startedAt: started)
                    try Task.checkCancellation()
                    send(.loginSucceeded(session: n, expiresAt: token.expiresAt))
                } catch is CancellationError {
                } catch let e as LoginFailure {
                    if e != .cancelled { send(.loginFailed(session: n, e.description)) }
                } catch let e as SSOClientError {
                    if case .transport(_, .cancelled) = e { return }
                    send(.loginFailed(session: n, e.description))
                } catch let e as CLIError {
                    send(.loginFailed(session: n, e.message))
                } catch {
                    send(.loginFailed(session: n, "\(error)"))
                }
            }

        case .cancelLogin(let n):
            logins[n]?.cancel()
            logins[n] = nil

        case .logout(let n):
            cancelListing(n)
            let g = global
            do {
                let ctx = try SSOContext.resolve(global: g, session: n, profile: nil)
                try await SessionLogout.run(ctx.session, doc: ctx.doc, tokens: ctx.tokens, roleCache: ctx.roleCache) { _ in ctx.portal }
                send(.loggedOut(n))
            } catch {
                send(.configSaveFailed("logout: \(describe(error))"))
            }

        case .listAccounts(let n):
            cancelListing(n)
            let g = global
            let trees = AccountTreeCache.default(environment: environment)
            let task = Task.detached { [weak self] in
                let ctx: SSOContext
                let token: String
                var cachedIds: [String] = []
                do {
                    ctx = try SSOContext.resolve(global: g, session: n, profile: nil)
                    if let snap = trees.load(session: n, startURL: ctx.session.startURL), !snap.accounts.isEmpty {
                        send(.listingCached(session: n, accounts: snap.accounts, roles: snap.roles, savedAt: snap.savedAt))
                        cachedIds = snap.accounts.map(\.accountId)
                    }
                    guard let me = self else { return }
                    token = try await me.validToken(n, ctx.login, ctx.session).accessToken
                } catch let e as TokenUnavailable {
                    send(.needsLogin(session: n, "\(n): \(e.description); log in to continue."))
                    return
                } catch let e as SSOClientError where e.needsLogin {
                    send(.needsLogin(session: n, "\(n): the token was rejected; log in again."))
                    return
                } catch {
                    send(.listing(session: n, .failed(Self.describeStatic(error))))
                    return
                }
                // The cached accounts' roles are asked for beside the first account page.
                let loader = AccountTreeLoader(portal: ctx.portal, accessToken: token, options: SSOContext.listingOptions, expectedAccounts: cachedIds)
                await self?.attach(loader, to: n)
                let runner = Task { await loader.run() }
                var seen: [Account] = []
                var roles: [String: [String]] = [:]
                await withTaskCancellationHandler {
                    for await ev in loader.events {
                        if Task.isCancelled { break }
                        send(.listing(session: n, ev))
                        switch ev {
                        case .accounts(let page): seen += page
                        case .roles(let id, let rs): roles[id] = rs.map(\.roleName)
                        case .finished:
                            // Saved for the next start: shown at once while the live listing runs.
                            try? trees.save(AccountTreeCache.Snapshot(session: n, startURL: ctx.session.startURL, savedAt: Date(),
                                                                      accounts: seen, roles: roles))
                        default: break
                        }
                    }
                } onCancel: {
                    runner.cancel()
                }
                runner.cancel()
            }
            listings[n] = (task, nil)

        case .cancelListing(let n):
            cancelListing(n)

        case .prioritize(let n, let id):
            if let l = listings[n]?.loader {
                await l.prioritize(id)
            } else {
                pendingPriority[n] = id
            }

        case .openBrowser(let url):
            if !Browser.open(url, environment: environment) {
                send(.notify(UIMessage("Could not start a browser ($BROWSER or xdg-open); open the URL shown here", .warning)))
            }

        case .copyToClipboard(let text):
            if !Clipboard.copy(text) {
                send(.notify(UIMessage("Could not reach the terminal to copy; select the URL with the mouse", .warning)))
            }

        case .previewPopulate(let req, let gen, let accounts, let roles):
            // Off the actor: planning thousands of profiles must not hold up other effects. Typing
            // in the template asks for a plan per keystroke; only the newest one is made.
            let store = self.store
            previewGeneration = gen
            Task.detached { [weak self] in
                try? await Task.sleep(nanoseconds: 60_000_000)
                guard let me = self, await me.isLatestPreview(gen) else { return }
                do {
                    let doc = try store.load()
                    let (plan, _) = try req.run(on: doc, accounts: accounts, roles: roles)
                    send(.populatePreviewed(UIPopulatePreview(request: req, generation: gen, plan: plan, accounts: accounts)))
                } catch {
                    send(.populatePreviewFailed(generation: gen, Self.describeStatic(error)))
                }
            }

        case .openConsole(let n, let acct, let role, let region):
            let g = global, env = environment
            Task.detached {
                do {
                    let ctx = try SSOContext.resolve(global: g, session: n, profile: nil)
                    guard let fed = ctx.resolver.federationURL(region: region) else {
                        send(.notify(UIMessage("The \(Partition.of(region: region).id) partition has no public console sign-in", .error)))
                        return
                    }
                    let creds = try await ctx.roleCredentials(accountId: acct, role: role)
                    let dest = ctx.resolver.consoleURL(region: region) ?? "https://console.aws.amazon.com/"
                    let url = try await ConsoleSignIn(transport: ctx.transport, federationURL: fed)
                        .signInURL(credentials: creds, destination: dest, issuer: ctx.session.startURL, timeout: SSOContext.timeout)
                    // The sign-in URL is a bearer link: it is opened or copied, never drawn.
                    if Browser.openPrivately(url, environment: env, wait: 2) {
                        send(.notify(UIMessage("Opened the AWS console as \(role) in \(acct) (\(region)) in the browser", .success)))
                    } else if Clipboard.copy(url) {
                        send(.notify(UIMessage("No browser could be started: the console sign-in link for \(role) in \(acct) is on the clipboard (OSC 52; valid 15 minutes)", .warning, sticky: true)))
                    } else {
                        send(.notify(UIMessage("No browser could be started; run: aws-sso-tui console --print with a profile for \(role) in \(acct)", .error)))
                    }
                } catch {
                    send(Self.credentialFailure(n, error, what: "console sign-in"))
                }
            }

        case .copyCredentials(let n, let acct, let role):
            let g = global
            Task.detached {
                do {
                    let creds = try await SSOContext.resolve(global: g, session: n, profile: nil).roleCredentials(accountId: acct, role: role)
                    // To the terminal's clipboard (OSC 52) only; never drawn or logged.
                    if Clipboard.copy(CredentialFormat.env.render(creds)) {
                        let until = DateFormatter.localizedString(from: creds.expiration, dateStyle: .none, timeStyle: .short)
                        send(.notify(UIMessage("Copied export lines for \(role) in \(acct) to the clipboard (valid until \(until))", .success)))
                    } else {
                        send(.notify(UIMessage("Could not reach the terminal's clipboard; use: aws-sso-tui export-credentials --format env", .error)))
                    }
                } catch {
                    send(Self.credentialFailure(n, error, what: "role credentials"))
                }
            }

        case .readTokens:
            if let states = readTokens() { send(.tokensRead(states)) }

        case .refreshToken(let n):
            let g = global
            Task.detached { [weak self] in
                do {
                    let ctx = try SSOContext.resolve(global: g, session: n, profile: nil)
                    let before = ctx.tokens.token(for: ctx.session)?.expiresAt
                    guard let me = self else { return }
                    let t = try await me.validToken(n, ctx.login, ctx.session)
                    if t.expiresAt != before {
                        send(.tokenRefreshed(session: n, expiresAt: t.expiresAt))
                    } else {
                        send(.tokenRefreshFailed(session: n, "the refresh token was not accepted"))
                    }
                } catch {
                    send(.tokenRefreshFailed(session: n, Self.describeStatic(error)))
                }
            }

        case .editConfig(let edit):
            do {
                var plan: PopulatePlan?
                try store.update { doc in plan = try Self.apply(edit, to: &doc) }
                send(.configSaved(edit))
                if case .populate(let req, _, _) = edit, let plan {
                    // The counts of the plan made under the lock (the preview's may be older).
                    var text = "Populated \(req.session): " + plan.summary(prune: req.prune)
                    if let first = plan.added.first { text += " · e.g. aws sts get-caller-identity --profile \(first.name)" }
                    send(.notify(UIMessage(text, .success, sticky: true)))
                }
            } catch {
                send(.configSaveFailed(describe(error)))
            }
        }
    }

    /// A valid (refreshed if need be) token for session `n`, one look-up at a time per session.
    func validToken(_ n: String, _ login: LoginService, _ ref: SessionRef) async throws -> SSOToken {
        if let t = tokenTasks[n] { return try await t.value }
        let t = Task { try await login.validToken(for: ref) }
        tokenTasks[n] = t
        defer { tokenTasks[n] = nil }
        return try await t.value
    }

    private func attach(_ loader: AccountTreeLoader, to n: String) async {
        guard let entry = listings[n] else { return }
        listings[n] = (entry.task, loader)
        if let id = pendingPriority.removeValue(forKey: n) { await loader.prioritize(id) }
    }

    private func cancelListing(_ n: String) {
        listings[n]?.task.cancel()
        listings[n] = nil
        pendingPriority[n] = nil
    }

    /// Applies an edit; for populate, returns the plan it carried out.
    @discardableResult
    static func apply(_ edit: UIConfigEdit, to doc: inout ConfigDocument) throws -> PopulatePlan? {
        switch edit {
        case .saveProfile(let p, let renameFrom, let overwrite):
            if overwrite, doc.profile(named: p.name) != nil { try doc.removeProfile(p.name) }
            if let old = renameFrom, doc.profile(named: old) != nil { try doc.renameProfile(from: old, to: p.name) }
            try doc.upsertProfile(p)
        case .renameProfile(let from, let to):
            try doc.renameProfile(from: from, to: to)
        case .removeProfile(let n):
            try doc.removeProfile(n)
        case .setDefault(let n):
            try doc.setDefault(profile: n)
        case .saveSession(let s):
            try doc.upsertSSOSession(s)
        case .populate(let req, let accounts, let roles):
            let (plan, after) = try req.run(on: doc, accounts: accounts, roles: roles)
            doc = after
            return plan
        }
        return nil
    }

    /// A failed credential fetch: a login when the token is the problem, else a message.
    static func credentialFailure(_ n: String, _ error: Error, what: String) -> UIAction {
        switch error {
        case let e as TokenUnavailable: return .needsLogin(session: n, "\(n): \(e.description); log in to continue.")
        case let e as SSOClientError where e.needsLogin: return .needsLogin(session: n, "\(n): the token was rejected; log in again.")
        default: return .notify(UIMessage("\(what) failed: \(describeStatic(error))", .error))
        }
    }

    /// The cached token of every sso-session in the config (nil if the config cannot be read).
    func readTokens() -> [String: UITokenState]? {
        guard case .configLoaded(let sessions, _) = loadConfig() else { return nil }
        var out: [String: UITokenState] = [:]
        for s in sessions { out[s.name] = UITokenState(expiresAt: s.tokenExpiresAt, refreshable: s.refreshable) }
        return out
    }

    func loadConfig() -> UIAction {
        do {
            let doc = try store.load()
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            let tokens = DiskTokenStore(cache: .default(home: home))
            let now = Date()
            let sessions: [UISession] = doc.ssoSessions.compactMap { c in
                guard let u = c.startURL, !u.isEmpty, let r = c.region, !r.isEmpty else { return nil }
                let scopes = c.values["sso_registration_scopes"] != nil ? c.scopes : nil
                let ref = SessionRef(name: c.name, startURL: u, region: r, scopes: scopes)
                let tok = tokens.token(for: ref)
                return UISession(name: c.name, startURL: u, region: r, scopes: scopes, tokenExpiresAt: tok?.expiresAt,
                                 refreshable: tok?.canRefresh(at: now) ?? false)
            }
            return .configLoaded(sessions: sessions, profiles: doc.profiles)
        } catch {
            return .configFailed(describe(error))
        }
    }

    nonisolated func describe(_ error: Error) -> String { Self.describeStatic(error) }

    static func describeStatic(_ error: Error) -> String {
        switch error {
        case let e as CLIError: return e.message
        case let e as ConfigParseError: return e.description
        case let e as ConfigEditError: return e.description
        case let e as FileError: return e.description
        case let e as SSOClientError: return e.description
        case let e as LoginFailure: return e.description
        default: return "\(error)"
        }
    }
}

/// An optional log file (`AWS_SSO_TUI_LOG=FILE`): one line per effect, appended. Nothing is ever
/// written to the screen's stdout/stderr while the TUI runs.
final class TUILog: @unchecked Sendable {
    private let handle: FileHandle?
    private let lock = NSLock()

    init(path: String?) {
        guard let path, !path.isEmpty else { handle = nil; return }
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        handle = FileHandle(forWritingAtPath: path)
        _ = try? handle?.seekToEnd()
    }

    func write(_ line: String) {
        guard let handle else { return }
        lock.lock(); defer { lock.unlock() }
        handle.write(Data((AWSTime.format(Date()) + " " + UIText.safe(line) + "\n").utf8))
    }
}
