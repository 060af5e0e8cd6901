import Foundation

/// Role credentials for one (session, account, role), through the same cache AWS CLI v2 uses
/// (`~/.aws/cli/cache`): reused until 15 minutes before they expire (CLI v2's rule), otherwise
/// fetched with GetRoleCredentials using a valid (refreshed if need be) SSO token.
public struct RoleCredentialsProvider: Sendable {
    public let login: LoginService
    public let portal: any PortalAPI
    public let cache: RoleCredentialCache
    /// Cached credentials with less than this left are fetched again.
    public static let reuseMargin: TimeInterval = 15 * 60

    public init(login: LoginService, portal: any PortalAPI, cache: RoleCredentialCache) {
        self.login = login
        self.portal = portal
        self.cache = cache
    }

    public func cacheKey(session: SessionRef, accountId: String, roleName: String) -> String {
        RoleCredentialCache.key(accountId: accountId, roleName: roleName, sessionName: session.name,
                                startURL: session.name == nil ? session.startURL : nil)
    }

    /// Cached credentials if still good, else fresh ones (and the cache is updated).
    /// Throws ``TokenUnavailable`` when a login is needed, ``SSOClientError`` otherwise.
    public func credentials(session: SessionRef, accountId: String, roleName: String,
                            forceRefresh: Bool = false) async throws -> RoleCredentials {
        let key = cacheKey(session: session, accountId: accountId, roleName: roleName)
        let now = login.clock.now()
        if !forceRefresh, let c = cache.load(key: key).value,
           c.expiration.timeIntervalSince(now) > Self.reuseMargin {
            return c
        }
        let token = try await login.validToken(for: session)
        do {
            var creds = try await portal.getRoleCredentials(accessToken: token.accessToken, accountId: accountId, roleName: roleName)
            creds.accountId = accountId
            try? cache.save(creds, key: key)
            return creds
        } catch let e as SSOClientError where e.needsLogin {
            throw TokenUnavailable.expired
        }
    }
}

/// The output formats of `aws configure export-credentials` (docs/protocol.md §8.2).
public enum CredentialFormat: String, Sendable, CaseIterable {
    case process, env
    case envNoExport = "env-no-export"
    case powershell
    case windowsCmd = "windows-cmd"
    case fish

    /// Renders credentials exactly as AWS CLI v2 prints them.
    public func render(_ c: RoleCredentials) -> String {
        let exp = AWSTime.formatOffset(c.expiration)
        if self == .process {
            // json.dumps(indent=2, separators=(',', ': ')): Version, AccessKeyId, SecretAccessKey,
            // SessionToken, Expiration.
            return """
            {
              "Version": 1,
              "AccessKeyId": \(PyJSON.quote(c.accessKeyId)),
              "SecretAccessKey": \(PyJSON.quote(c.secretAccessKey)),
              "SessionToken": \(PyJSON.quote(c.sessionToken)),
              "Expiration": \(PyJSON.quote(exp))
            }

            """
        }
        let vars = [("AWS_ACCESS_KEY_ID", c.accessKeyId), ("AWS_SECRET_ACCESS_KEY", c.secretAccessKey),
                    ("AWS_SESSION_TOKEN", c.sessionToken), ("AWS_CREDENTIAL_EXPIRATION", exp)]
        return vars.map { k, v in
            switch self {
            case .env: return "export \(k)=\(v)"
            case .envNoExport: return "\(k)=\(v)"
            case .powershell: return "$Env:\(k)=\"\(v)\""
            case .windowsCmd: return "set \(k)=\(v)"
            case .fish: return "set -gx \(k) \"\(v)\""
            case .process: return ""
            }
        }.joined(separator: "\n") + "\n"
    }
}
