import Foundation

// doctor's checks of each sso-session's cached token (expired, expiring, not refreshable).
extension Doctor {
    static func sessionChecks(_ input: DoctorInput, doc: ConfigDocument?, units: [Unit], blocked: Set<String>,
                              fs: any DoctorFileSystem) -> [DoctorFinding] {
        guard let doc else { return [] }
        let now = input.now
        let sso = SSOCache(directory: input.ssoCacheDirectory)
        var out: [DoctorFinding] = []
        for u in units {
            let path = sso.path(forKey: u.tokenKey)
            if blocked.contains(path) { continue }   // a cache finding about this file says it all
            let login = DoctorRepair.login(u.target)
            switch fs.read(path) {
            case .missing:
                out.append(DoctorFinding(.tokenMissing, .fail, subject: u.subject,
                                         message: "not logged in: no cached token (\(path))",
                                         fix: u.loginCommand, scope: u.scope, repairs: [login]))
                continue
            case .denied, .failed:
                continue   // reported by the cache checks
            case .data(let d):
                guard let t = parseToken(d) else { continue }   // reported as cache-unreadable
                if !t.startUrl.isEmpty && normalizedStartURL(t.startUrl) != normalizedStartURL(u.startURL)
                    || !t.region.isEmpty && t.region != u.region {
                    out.append(DoctorFinding(.tokenSessionMismatch, .fail, subject: u.subject,
                                             message: "the cached token is for \(t.startUrl) (\(t.region)), but the session is \(u.startURL) (\(u.region)): it was edited after the login, and the portal rejects that token",
                                             fix: u.loginCommand, scope: u.scope, repairs: [login]))
                    continue
                }
                let refreshable = u.name != nil && t.canRefresh(at: now)
                let left = t.expiresAt.timeIntervalSince(now)
                let until = AWSTime.format(t.expiresAt)
                let regExpired = u.name != nil && t.refreshToken != nil && t.clientId != nil && t.clientSecret != nil
                    && (t.registrationExpiresAt.map { $0 <= now } ?? false)
                if left <= 0 {
                    if refreshable {
                        out.append(DoctorFinding(.tokenExpired, .ok, subject: u.subject,
                                                 message: "the access token expired at \(until); the next use refreshes it with the refresh token",
                                                 scope: u.scope))
                        continue
                    }
                    let why = noRefreshReason(u, t, now: now)
                    let creds = roleCredentialFiles(of: u, doc: doc, input: input, fs: fs)
                    out.append(DoctorFinding(.tokenExpired, .fail, subject: u.subject,
                                             message: "the token expired at \(until) (\(duration(-left)) ago) and cannot be refreshed (\(why))"
                                                + (creds.isEmpty ? "" : "; \(creds.count) cached role credential file(s) of its profiles"),
                                             fix: u.loginCommand, scope: u.scope,
                                             repairs: creds.map(DoctorRepair.remove) + [login]))
                } else if regExpired {
                    out.append(DoctorFinding(.registrationExpired, .fail, subject: u.subject,
                                             message: "the client registration in the token expired at \(AWSTime.format(t.registrationExpiresAt!)): every refresh fails, so the session ends when the token expires at \(until) (in \(duration(left)))",
                                             fix: u.loginCommand, scope: u.scope, repairs: [login]))
                } else if left < expiringWindow && !refreshable {
                    out.append(DoctorFinding(.tokenExpiring, .warn, subject: u.subject,
                                             message: "the token expires at \(until) (in \(duration(left))) and cannot be refreshed (\(noRefreshReason(u, t, now: now)))",
                                             fix: u.loginCommand, scope: u.scope))
                } else {
                    out.append(DoctorFinding(.tokenExpired, .ok, subject: u.subject,
                                             message: "logged in; the token is valid until \(until) (\(duration(left)) left)"
                                                + (refreshable ? ", refreshed automatically" : ", not refreshable"),
                                             scope: u.scope))
                }
            }
        }
        return out
    }

    static func noRefreshReason(_ u: Unit, _ t: SSOToken, now: Date) -> String {
        if u.name == nil { return "a legacy profile's token is never refreshed" }
        if t.refreshToken == nil { return "no refresh token" }
        if t.clientId == nil || t.clientSecret == nil { return "no client registration in the token" }
        guard let r = t.registrationExpiresAt else { return "no registrationExpiresAt in the token" }
        return "the client registration expired at \(AWSTime.format(r))"
    }

    /// Existing `~/.aws/cli/cache` files of the profiles that use `u`.
    static func roleCredentialFiles(of u: Unit, doc: ConfigDocument, input: DoctorInput, fs: any DoctorFileSystem) -> [String] {
        let cache = RoleCredentialCache(directory: input.roleCacheDirectory)
        var paths: [String] = []
        for p in doc.profiles {
            guard let a = p.ssoAccountId, let r = p.ssoRoleName else { continue }
            let same = u.name != nil ? p.ssoSession == u.name : (p.ssoSession == nil && p.ssoStartURL == u.startURL)
            guard same else { continue }
            let path = cache.path(forKey: RoleCredentialCache.key(accountId: a, roleName: r, sessionName: u.name,
                                                                  startURL: u.name == nil ? u.startURL : nil))
            if fs.info(path)?.kind == .file, !paths.contains(path) { paths.append(path) }
        }
        return paths.sorted()
    }

    /// A token as botocore's `SSOTokenLoader` accepts it (`accessToken` and a readable `expiresAt`).
    static func parseToken(_ data: Data) -> SSOToken? {
        guard let obj = jsonObject(data), let access = obj["accessToken"] as? String, !access.isEmpty,
              let e = obj["expiresAt"] as? String, let exp = AWSTime.parse(e) else { return nil }
        return SSOToken(startUrl: obj["startUrl"] as? String ?? "", region: obj["region"] as? String ?? "",
                        accessToken: access, expiresAt: exp, clientId: obj["clientId"] as? String,
                        clientSecret: obj["clientSecret"] as? String,
                        registrationExpiresAt: (obj["registrationExpiresAt"] as? String).flatMap(AWSTime.parse),
                        refreshToken: obj["refreshToken"] as? String)
    }

    static func jsonObject(_ data: Data) -> [String: Any]? {
        guard !data.isEmpty, let any = try? JSONSerialization.jsonObject(with: data) else { return nil }
        return any as? [String: Any]
    }

    static func jsonProblem(_ data: Data) -> String? {
        if data.isEmpty { return "empty file" }
        guard let any = try? JSONSerialization.jsonObject(with: data) else { return "not valid JSON (half-written?)" }
        return any is [String: Any] ? nil : "not a JSON object"
    }
}
