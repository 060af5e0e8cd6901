import Core
import Foundation

/// Everything a network subcommand needs for one sso-session (or legacy profile): the session,
/// the profile whose endpoint settings apply, clients built on the resolved endpoints, the caches.
struct SSOContext {
    let doc: ConfigDocument
    let store: ConfigStore
    let session: SessionRef
    /// The profile the session was reached through (its endpoint_url / services apply), if any.
    let profile: ProfileConfig?
    let resolver: EndpointResolver
    let transport: CurlTransport
    let tokens: DiskTokenStore
    let roleCache: RoleCredentialCache

    var oidc: OIDCClient { OIDCClient(transport: transport, baseURL: resolver.url(for: .oidc, region: session.region), timeout: Self.timeout, policy: Self.policy) }
    var portal: PortalClient { PortalClient(transport: transport, baseURL: resolver.url(for: .portal, region: session.region), timeout: Self.timeout, policy: Self.policy) }

    /// One operation's deadline (`AWS_SSO_TUI_DEADLINE`, default 60 s) and retries.
    static var policy: RetryPolicy { RetryPolicy(deadline: Settings.current.deadline) }

    /// Listing options with this process's deadline.
    static var listingOptions: ListingOptions {
        var o = ListingOptions()
        o.deadline = Settings.current.deadline
        return o
    }

    /// Per-try limit in seconds: `AWS_SSO_TUI_HTTP_TIMEOUT`, default 30 (checked in ``Settings``).
    static var timeout: Double { Settings.current.httpTimeout }
    var login: LoginService { LoginService(oidc: oidc, store: tokens) }

    /// A role's credentials through the AWS CLI v2 cache (fetched when missing or near expiry).
    func roleCredentials(accountId: String, role: String) async throws -> RoleCredentials {
        try await RoleCredentialsProvider(login: login, portal: portal, cache: roleCache)
            .credentials(session: session, accountId: accountId, roleName: role)
    }

    /// How to name the session in messages and in the `login` hint.
    var label: String { session.name.map { "sso-session \(ConfigCLI.safe($0))" } ?? "start URL \(ConfigCLI.safe(session.startURL))" }
    var loginHint: String {
        if let n = session.name { return "run: aws-sso-tui login --session \(ConfigCLI.shq(n))" }
        if let p = profile { return "run: aws-sso-tui login --profile \(ConfigCLI.shq(p.name))" }
        return "run: aws-sso-tui login"
    }

    /// Resolves `--session` / `--profile` (else `AWS_PROFILE`, else the only sso-session, else the
    /// `default` profile) into a context.
    static func resolve(global: GlobalOptions, session: String?, profile: String?, doc loaded: ConfigDocument? = nil) throws -> SSOContext {
        let store = ConfigCLI.store(global)
        let doc = try loaded ?? ConfigCLI.run { try store.load() }
        let env = ConfigCLI.environment
        if session != nil && profile != nil { throw CLIError.usage("give --session or --profile, not both") }
        if let s = session { return try make(doc: doc, store: store, sessionName: s, profile: nil) }
        var profName = profile
        if profName == nil, let p = env["AWS_PROFILE"] ?? env["AWS_DEFAULT_PROFILE"], !p.isEmpty,
           doc.profile(named: p) != nil {
            profName = p
        }
        if profName == nil {
            let sessions = doc.ssoSessions
            if sessions.count == 1 { return try make(doc: doc, store: store, sessionName: sessions[0].name, profile: nil) }
            if let d = doc.profile(named: "default"), d.isSSO || d.ssoSession != nil { profName = "default" }
            else if sessions.isEmpty {
                throw CLIError(message: "no sso-session in \(store.targetPath); add one with: aws-sso-tui sessions add NAME --start-url URL --region REGION")
            } else {
                throw CLIError.usage("several sso-sessions (\(sessions.map(\.name).joined(separator: ", "))): choose one with --session")
            }
        }
        guard let pn = profName, let p = doc.profile(named: pn) else {
            throw CLIError(message: "profile \(ConfigCLI.safe(profName ?? "")) not found in \(store.targetPath)"
                           + ConfigCLI.safe(NameSuggestions.hint(for: profName ?? "", in: doc.profiles.map(\.name))))
        }
        if let sn = p.ssoSession { return try make(doc: doc, store: store, sessionName: sn, profile: p) }
        guard let url = p.ssoStartURL, let region = p.ssoRegion else {
            throw CLIError(message: "profile \(ConfigCLI.safe(pn)) has no sso_session (and no sso_start_url/sso_region)")
        }
        return build(doc: doc, store: store, ref: SessionRef(name: nil, startURL: url, region: region, scopes: nil), profile: p)
    }

    private static func make(doc: ConfigDocument, store: ConfigStore, sessionName: String, profile: ProfileConfig?) throws -> SSOContext {
        guard let s = doc.ssoSession(named: sessionName) else {
            throw CLIError(message: "sso-session \(ConfigCLI.safe(sessionName)) not found in \(store.targetPath)")
        }
        guard let url = s.startURL, !url.isEmpty else {
            throw CLIError(message: "sso-session \(ConfigCLI.safe(sessionName)) has no sso_start_url")
        }
        guard let region = s.region, !region.isEmpty else {
            throw CLIError(message: "sso-session \(ConfigCLI.safe(sessionName)) has no sso_region")
        }
        let configuredScopes = s.values["sso_registration_scopes"] != nil ? s.scopes : nil
        return build(doc: doc, store: store, ref: SessionRef(name: s.name, startURL: url, region: region, scopes: configuredScopes,
                                                             alsoStartURLKey: CompatProfiles.isCompat(doc, session: s.name)),
                     profile: profile)
    }

    private static func build(doc: ConfigDocument, store: ConfigStore, ref: SessionRef, profile: ProfileConfig?) -> SSOContext {
        let env = ConfigCLI.environment
        var configured = ConfiguredEndpoints()
        if let p = profile {
            configured.profileEndpointURL = p.values["endpoint_url"]
            configured.ignoreConfigured = p.values["ignore_configured_endpoint_urls"]?.lowercased() == "true"
            if let svcName = p.values["services"], let svc = doc.services(named: svcName) {
                for key in ["sso", "sso_oidc"] {
                    if case .nested(let sub)? = svc.values[key], let u = sub["endpoint_url"] {
                        configured.servicesEndpointURLs[key] = u
                    }
                }
            }
        }
        let home = ConfigCLI.home
        return SSOContext(doc: doc, store: store, session: ref, profile: profile,
                          resolver: EndpointResolver(environment: env, configured: configured),
                          transport: makeTransport(profileCABundle: profile?.values["ca_bundle"]), tokens: DiskTokenStore(cache: .default(home: home)),
                          roleCache: .default(home: home))
    }

    /// A transport with the environment's TLS and proxy settings (and the profile's ca_bundle).
    static func makeTransport(profileCABundle: String? = nil) -> CurlTransport {
        var opts = TransportOptions.fromEnvironment(ConfigCLI.environment, profileCABundle: profileCABundle)
        opts.userAgent = UserAgent.value
        return CurlTransport(options: opts)
    }

    /// A usable access token (refreshed when inside the window), or exit 3 with a login hint.
    func accessToken() async throws -> String {
        do {
            return try await login.validToken(for: session).accessToken
        } catch let e as TokenUnavailable {
            throw CLIError.notLoggedIn("\(label): \(e.description); \(loginHint)")
        } catch let e as SSOClientError {
            throw CLIError(message: e.description)
        }
    }

    /// Maps errors from portal calls: 401 means log in again (exit 3).
    func mapPortalError(_ error: Error) -> Error {
        if let e = error as? ListingStopped {
            switch e {
            case .unauthorized(let m): return CLIError.notLoggedIn("\(label): the SSO token was rejected (\(m)); \(loginHint)")
            case .failed(let m): return CLIError(message: m)
            }
        }
        if let e = error as? SSOClientError {
            if e.needsLogin { return CLIError.notLoggedIn("\(label): the SSO token was rejected (\(e.serviceError?.code ?? "401")); \(loginHint)") }
            return CLIError(message: e.description)
        }
        return error
    }
}

