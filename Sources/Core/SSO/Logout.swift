import Foundation

/// Logging out one session, as `aws sso logout` does for it: the portal's Logout with the cached
/// token (errors ignored, as AWS CLI v2 ignores them), then the token file and the cached role
/// credentials of every profile that uses the session are deleted.
public enum SessionLogout {
    /// `portal` should point at the token's region. Returns whether a token was found.
    @discardableResult
    public static func run(_ session: SessionRef, doc: ConfigDocument, tokens: DiskTokenStore,
                           roleCache: RoleCredentialCache, portal: (SSOToken) -> any PortalAPI) async throws -> Bool {
        let token = tokens.token(for: session)
        if let token { try? await portal(token).logout(accessToken: token.accessToken) }
        try tokens.deleteToken(for: session)
        deleteRoleCredentials(of: session, in: doc, cache: roleCache)
        return token != nil
    }

    /// Deletes the cached role credentials of the profiles in `doc` that use `session` (an
    /// sso-session by name, or a legacy start URL).
    public static func deleteRoleCredentials(of session: SessionRef, in doc: ConfigDocument, cache: RoleCredentialCache) {
        for p in doc.profiles {
            guard let a = p.ssoAccountId, let r = p.ssoRoleName else { continue }
            let same = session.name != nil ? p.ssoSession == session.name
                                           : (p.ssoSession == nil && p.ssoStartURL == session.startURL)
            guard same else { continue }
            let key = RoleCredentialCache.key(accountId: a, roleName: r, sessionName: session.name,
                                              startURL: session.name == nil ? session.startURL : nil)
            try? FileManager.default.removeItem(atPath: cache.path(forKey: key))
        }
    }
}
