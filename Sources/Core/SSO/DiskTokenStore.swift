import Foundation

/// ``SSOTokenStore`` on the AWS CLI v2 cache directory (``SSOCache``): token files keyed by the
/// session name (or the legacy start URL), registrations keyed as CLI v2 keys them.
///
/// ```swift
/// let store = DiskTokenStore(cache: .default(home: home))
/// let svc = LoginService(oidc: oidc, store: store)
/// ```
public struct DiskTokenStore: SSOTokenStore {
    public let cache: SSOCache

    public init(cache: SSOCache) { self.cache = cache }

    public func tokenKey(_ s: SessionRef) -> String { SSOCache.tokenKey(sessionName: s.name, startURL: s.startURL) }

    public func registrationKey(_ s: SessionRef) -> String {
        SSOCache.registrationKey(startURL: s.startURL, region: s.region, scopes: s.scopes, sessionName: s.name)
    }

    public func token(for s: SessionRef) -> SSOToken? { cache.loadToken(key: tokenKey(s)).value }
    public func load(for s: SessionRef) -> TokenLoad { cache.loadToken(key: tokenKey(s)) }
    /// The start-URL key a compat session's token is also written under (nil: none).
    public func compatTokenKey(_ s: SessionRef) -> String? {
        guard s.name != nil, s.alsoStartURLKey else { return nil }
        return SSOCache.tokenKey(sessionName: nil, startURL: s.startURL)
    }

    /// Saves the token (and, for a compat session, the same token under the start-URL key: a
    /// login and every refresh keep both files the same).
    public func saveToken(_ token: SSOToken, for s: SessionRef) throws {
        try cache.saveToken(token, key: tokenKey(s))
        if let k = compatTokenKey(s) { try cache.saveToken(token, key: k) }
    }

    /// Deletes the token (both files of a compat session).
    public func deleteToken(for s: SessionRef) throws {
        try cache.deleteToken(key: tokenKey(s))
        if let k = compatTokenKey(s) { try cache.deleteToken(key: k) }
    }
    public func registration(for s: SessionRef) -> ClientRegistration? { cache.loadRegistration(key: registrationKey(s)).value }
    public func saveRegistration(_ r: ClientRegistration, for s: SessionRef) throws {
        try cache.saveRegistration(r, key: registrationKey(s))
    }
}
