import Foundation

/// Which sso-session (or legacy profile) a token belongs to.
public struct SessionRef: Sendable, Hashable {
    /// The `[sso-session NAME]`; nil for a legacy profile with `sso_start_url` inside it.
    public var name: String?
    public var startURL: String
    public var region: String
    /// `sso_registration_scopes`, or nil when not configured.
    public var scopes: [String]?
    /// Compat: the session's token is also kept under the start-URL key, for SDKs that read
    /// `sso_start_url` profiles only (see ``CompatProfiles``).
    public var alsoStartURLKey: Bool

    public init(name: String?, startURL: String, region: String, scopes: [String]? = nil, alsoStartURLKey: Bool = false) {
        self.name = name
        self.startURL = startURL
        self.region = region
        self.scopes = scopes
        self.alsoStartURLKey = alsoStartURLKey
    }

    /// The OIDC client name AWS CLI v2 registers: `botocore-client-{session}`.
    public func clientName(now: Date) -> String {
        "botocore-client-" + (name ?? String(Int(now.timeIntervalSince1970)))
    }
}

/// Where tokens and client registrations live (the AWS CLI v2 cache on disk, or memory in tests).
public protocol SSOTokenStore: Sendable {
    /// The cached token, nil when missing or unreadable.
    func token(for session: SessionRef) -> SSOToken?
    func saveToken(_ token: SSOToken, for session: SessionRef) throws
    func deleteToken(for session: SessionRef) throws
    func registration(for session: SessionRef) -> ClientRegistration?
    func saveRegistration(_ registration: ClientRegistration, for session: SessionRef) throws
}

/// Why a login ended without a token. One-line messages, no secrets.
public enum LoginFailure: Error, Sendable, Equatable, CustomStringConvertible {
    case expired
    case denied
    case cancelled
    case failed(String)

    public var description: String {
        switch self {
        case .expired: return "the login code expired before it was approved; start the login again"
        case .denied: return "the login was denied in the browser"
        case .cancelled: return "login cancelled"
        case .failed(let m): return m
        }
    }
}

/// Device-code polling as a pure state machine (docs/protocol.md §1.7): honours `interval` (5 s when
/// absent), adds 5 s on `slow_down` for all later polls, stops on `expired_token` /
/// `access_denied`, retries transient failures, and gives up at the code's expiry even if the
/// service never says `expired_token`.
///
/// ```swift
/// var poll = DevicePoll(authorization: auth, startedAt: now)
/// switch poll.handle(.failure(pendingError), now: now) { case .wait(let s): ... }
/// ```
public struct DevicePoll: Sendable, Equatable {
    public enum Step: Sendable, Equatable {
        /// Poll again after this many seconds.
        case wait(TimeInterval)
        case done(TokenGrant)
        case failed(LoginFailure)
    }

    public private(set) var interval: TimeInterval
    public let deadline: Date
    public private(set) var attempts = 0
    public private(set) var transientFailures = 0
    public static let maxTransientFailures = 8

    public init(authorization: DeviceAuthorization, startedAt: Date) {
        interval = TimeInterval(max(1, authorization.interval ?? 5))
        deadline = startedAt.addingTimeInterval(TimeInterval(authorization.expiresIn))
    }

    /// Seconds until the code expires.
    public func remaining(at now: Date) -> TimeInterval { max(0, deadline.timeIntervalSince(now)) }

    public mutating func handle(_ result: Result<TokenGrant, SSOClientError>, now: Date) -> Step {
        attempts += 1
        switch result {
        case .success(let g):
            return .done(g)
        case .failure(let e):
            if e.isRetryable {
                // Throttling, 5xx and lost connections: keep polling, but not for ever.
                transientFailures += 1
                if transientFailures > Self.maxTransientFailures { return .failed(.failed(e.description)) }
            } else if let s = e.serviceError {
                switch s.kind {
                case .authorizationPending: transientFailures = 0
                case .slowDown: interval += 5; transientFailures = 0
                case .expiredToken: return .failed(.expired)
                case .accessDenied: return .failed(.denied)
                default: return .failed(.failed(e.description))
                }
            } else {
                return .failed(.failed(e.description))
            }
            if now >= deadline { return .failed(.expired) }
            return .wait(interval)
        }
    }
}

/// The injected clock: current time and a cancellable sleep.
public struct Clock: Sendable {
    public var now: @Sendable () -> Date
    public var sleep: @Sendable (TimeInterval) async throws -> Void

    public init(now: @escaping @Sendable () -> Date, sleep: @escaping @Sendable (TimeInterval) async throws -> Void) {
        self.now = now
        self.sleep = sleep
    }

    public static let system = Clock(now: Date.init, sleep: { s in
        try await Task.sleep(nanoseconds: UInt64(max(0, s) * 1_000_000_000))
    })
}

/// Login and token upkeep for one session: registration (reused from the cache until 15 minutes
/// before it expires), device authorization, polling, caching the token exactly as AWS CLI v2
/// does, and the refresh-token grant.
public struct LoginService: Sendable {
    public let oidc: any OIDCAPI
    public let store: any SSOTokenStore
    public let clock: Clock

    public init(oidc: any OIDCAPI, store: any SSOTokenStore, clock: Clock = .system) {
        self.oidc = oidc
        self.store = store
        self.clock = clock
    }

    /// A device-flow registration: cached unless expiring or made for PKCE.
    public func registration(for s: SessionRef) async throws -> ClientRegistration {
        if let r = store.registration(for: s), !r.isPKCE, r.isReusable(at: clock.now()) { return r }
        return try await register(s)
    }

    /// RegisterClient for the device flow (scopes only when configured, as AWS CLI v2), cached.
    func register(_ s: SessionRef) async throws -> ClientRegistration {
        let r = try await oidc.registerClient(name: s.clientName(now: clock.now()), scopes: s.scopes, grantTypes: nil,
                                              redirectUris: nil, issuerUrl: nil)
        try? store.saveRegistration(r, for: s)
        return r
    }

    /// Starts a device-code login: registration plus StartDeviceAuthorization. A registration the
    /// service no longer knows (InvalidClient) is replaced once.
    public func startDeviceLogin(_ s: SessionRef) async throws -> (ClientRegistration, DeviceAuthorization) {
        func start(_ r: ClientRegistration) async throws -> (ClientRegistration, DeviceAuthorization) {
            (r, try await oidc.startDeviceAuthorization(clientId: r.clientId, clientSecret: r.clientSecret, startUrl: s.startURL))
        }
        do {
            return try await start(try await registration(for: s))
        } catch let e as SSOClientError where e.serviceError?.kind == .invalidClient {
            return try await start(try await register(s))
        }
    }

    /// Polls CreateToken until approval, denial or expiry. `onWait` reports each wait (for a UI).
    /// Cancelling the task stops it at once and leaves no half state (nothing is written).
    public func pollDeviceLogin(_ s: SessionRef, registration reg: ClientRegistration, authorization auth: DeviceAuthorization,
                                startedAt: Date, onWait: @Sendable (TimeInterval) -> Void = { _ in }) async throws -> SSOToken {
        var poll = DevicePoll(authorization: auth, startedAt: startedAt)
        while true {
            try Task.checkCancellation()
            let result: Result<TokenGrant, SSOClientError>
            do {
                result = .success(try await oidc.createToken(clientId: reg.clientId, clientSecret: reg.clientSecret,
                                                             .deviceCode(auth.deviceCode)))
            } catch let e as SSOClientError {
                result = .failure(e)
            }
            switch poll.handle(result, now: clock.now()) {
            case .done(let grant):
                let token = makeToken(s, grant: grant, registration: reg)
                try store.saveToken(token, for: s)
                return token
            case .failed(let f):
                throw f
            case .wait(let secs):
                if clock.now() >= poll.deadline { throw LoginFailure.expired }
                onWait(secs)
                try await clock.sleep(min(secs, max(0.05, poll.remaining(at: clock.now()))))
            }
        }
    }

    func makeToken(_ s: SessionRef, grant: TokenGrant, registration reg: ClientRegistration) -> SSOToken {
        SSOToken(startUrl: s.startURL, region: s.region, accessToken: grant.accessToken,
                 expiresAt: clock.now().addingTimeInterval(TimeInterval(grant.expiresIn)),
                 clientId: reg.clientId, clientSecret: reg.clientSecret,
                 registrationExpiresAt: reg.expiresAt, refreshToken: grant.refreshToken)
    }

    /// An access token that is good to use now: the cached one, refreshed with the refresh
    /// token when inside botocore's 15-minute window (sso-session logins only, as botocore does).
    /// Throws ``TokenUnavailable`` when the user must log in again.
    public func validToken(for s: SessionRef, forceRefresh: Bool = false) async throws -> SSOToken {
        let now = clock.now()
        guard let t = store.token(for: s) else { throw TokenUnavailable.notLoggedIn }
        if !forceRefresh && !t.needsRefresh(at: now) { return t }
        guard s.name != nil, t.canRefresh(at: now), let rt = t.refreshToken, let cid = t.clientId,
              let cs = t.clientSecret else {
            if t.isExpired(at: now) { throw TokenUnavailable.expired }
            return t
        }
        do {
            let g = try await oidc.createToken(clientId: cid, clientSecret: cs, .refreshToken(rt))
            // Like botocore: a new dict; the old refresh token is kept only if a new one came back.
            let fresh = SSOToken(startUrl: s.startURL, region: s.region, accessToken: g.accessToken,
                                 expiresAt: clock.now().addingTimeInterval(TimeInterval(g.expiresIn)),
                                 clientId: cid, clientSecret: cs, registrationExpiresAt: t.registrationExpiresAt,
                                 refreshToken: g.refreshToken)
            try store.saveToken(fresh, for: s)
            return fresh
        } catch let e as SSOClientError {
            if e.serviceError != nil {
                // Another process (botocore, a second credential-process) may have refreshed with
                // the same refresh token first; the service then refuses ours. Use theirs.
                if let other = store.token(for: s), other.accessToken != t.accessToken, !other.isExpired(at: clock.now()) {
                    return other
                }
                if t.isExpired(at: clock.now()) { throw TokenUnavailable.expired }
                return t
            }
            throw e
        }
    }
}

/// No usable token: the user must log in (exit code 3 in the CLI).
public enum TokenUnavailable: Error, Sendable, Equatable, CustomStringConvertible {
    case notLoggedIn
    case expired

    public var description: String {
        switch self {
        case .notLoggedIn: return "not logged in"
        case .expired: return "the SSO token has expired"
        }
    }
}
