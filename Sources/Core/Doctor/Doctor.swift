import Foundation

/// `doctor`'s offline checks: the config and credentials files, the environment, each
/// sso-session's cached token, and the two cache directories. Pure apart from the reads it asks
/// `fs` for; the clock is `input.now`. The online checks are in ``DoctorOnline``.
///
/// ```swift
/// let input = DoctorInput.gather(explicitConfig: nil, environment: env, home: home, now: Date())
/// let findings = Doctor.findings(input, fs: LocalDoctorFileSystem())
/// findings.exitCode   // 1 when something fails
/// ```
///
/// Every check emits its problems, or one `ok` finding when it found none; the token checks emit
/// one `ok` finding per session (under `token-expired`) when the session's token is usable.
public enum Doctor {
    /// A token that cannot be refreshed is "expiring" inside this window (botocore's refresh window).
    public static let expiringWindow: TimeInterval = SSOToken.refreshWindow

    public static func findings(_ input: DoctorInput, fs: any DoctorFileSystem) -> [DoctorFinding] {
        let doc = input.config.document
        let units = doc.map(sessionUnits) ?? []
        var out: [DoctorFinding] = []
        out += configChecks(input, doc: doc)
        out += envChecks(input, doc: doc, fs: fs)
        let cache = cacheChecks(input, doc: doc, units: units, fs: fs)
        out += sessionChecks(input, doc: doc, units: units, blocked: cache.blocked, fs: fs)
        out += cache.findings
        guard let only = input.session else { return out }
        return out.filter { f in
            switch f.scope {
            case .global: return true
            case .session(let s): return s == only
            case .legacy: return false
            }
        }
    }

    // MARK: - Sessions and legacy start URLs

    /// A session (or legacy start URL) the checks look at.
    public struct Session: Sendable, Equatable {
        public var ref: SessionRef
        public var target: DoctorLoginTarget
        public var scope: DoctorScope
        public var subject: String
    }

    /// The sessions of the config in `input` (only `input.session` when given).
    public static func sessions(_ input: DoctorInput) -> [Session] {
        guard let doc = input.config.document else { return [] }
        return sessionUnits(doc)
            .filter { u in input.session.map { u.name == $0 } ?? true }
            .map { Session(ref: $0.ref, target: $0.target, scope: $0.scope, subject: $0.subject) }
    }

    /// One token owner: an sso-session, or the start URL shared by legacy profiles.
    struct Unit {
        var name: String?
        var startURL: String
        var region: String
        var profiles: [String]

        var ref: SessionRef { SessionRef(name: name, startURL: startURL, region: region) }
        var tokenKey: String { SSOCache.tokenKey(sessionName: name, startURL: startURL) }
        var scope: DoctorScope { name.map(DoctorScope.session) ?? .legacy(startURL: startURL) }
        var subject: String { name.map { "sso-session \($0)" } ?? "start URL \(startURL)" }
        var target: DoctorLoginTarget { DoctorLoginTarget(session: name, profile: name == nil ? profiles.first : nil) }
        var loginCommand: String {
            if let n = name { return "aws-sso-tui login --session \(shellQuote(n))" }
            return "aws-sso-tui login --profile \(shellQuote(profiles.first ?? ""))"
        }
    }

    static func sessionUnits(_ doc: ConfigDocument) -> [Unit] {
        var units: [Unit] = []
        for s in doc.ssoSessions {
            guard let url = s.startURL, !url.isEmpty, let r = s.region, !r.isEmpty else { continue }
            units.append(Unit(name: s.name, startURL: url, region: r, profiles: doc.profiles(usingSession: s.name)))
        }
        var legacyIndex: [String: Int] = [:]
        for p in doc.profiles where p.ssoSession == nil {
            guard let url = p.ssoStartURL, !url.isEmpty, let r = p.ssoRegion, !r.isEmpty else { continue }
            if let i = legacyIndex[url] { units[i].profiles.append(p.name); continue }
            legacyIndex[url] = units.count
            units.append(Unit(name: nil, startURL: url, region: r, profiles: [p.name]))
        }
        return units
    }

    // MARK: - Config

    static func configChecks(_ input: DoctorInput, doc: ConfigDocument?) -> [DoctorFinding] {
        var out: [DoctorFinding] = []
        func fileProblem(_ load: DoctorConfigLoad, what: String) -> Bool {
            switch load {
            case .parsed: return false
            case .parseError(let e):
                let p = e.path ?? input.configPath
                out.append(DoctorFinding(.configParse, .fail, subject: "\(p):\(e.line)",
                                         message: "\(e.reason); botocore and the AWS CLI refuse the whole file",
                                         fix: "edit line \(e.line) of \(shellQuote(p))"))
                return true
            case .unreadable(let p, let reason):
                out.append(DoctorFinding(.configParse, .fail, subject: p,
                                         message: "the \(what) cannot be read: \(reason)",
                                         fix: "chmod 600 \(shellQuote(p))"))
                return true
            }
        }
        let configBad = fileProblem(input.config, what: "config file")
        let credBad = fileProblem(input.credentials, what: "credentials file")
        if let doc {
            // A session botocore cannot use: missing sso_start_url / sso_region.
            for s in doc.sections {
                guard case let .ssoSession(name) = s.kind, let sess = doc.ssoSession(named: name) else { continue }
                var missing: [String] = []
                if (sess.startURL ?? "").isEmpty { missing.append("sso_start_url") }
                if (sess.region ?? "").isEmpty { missing.append("sso_region") }
                guard !missing.isEmpty else { continue }
                out.append(DoctorFinding(.configParse, .fail, subject: "\(input.configPath):\(s.headerLine)",
                                         message: "[sso-session \(name)] has no \(missing.joined(separator: " and ")); botocore refuses it (missing required configuration)",
                                         fix: "add \(missing.map { "\($0) = ..." }.joined(separator: ", ")) to [sso-session \(name)]",
                                         scope: .session(name)))
            }
        }
        if !configBad && !credBad && !out.contains(where: { $0.check == .configParse }), let doc {
            out.append(DoctorFinding(.configParse, .ok, subject: input.configPath,
                                     message: "\(doc.profiles.count) profile(s), \(doc.ssoSessions.count) sso-session(s)"))
        }
        guard let doc else { return out }

        var missingFound = false
        for p in doc.profiles {
            guard let s = p.ssoSession, doc.ssoSession(named: s) == nil else { continue }
            missingFound = true
            out.append(DoctorFinding(.profileSessionMissing, .fail, subject: "profile \(p.name)",
                                     message: "sso_session = \(s), but there is no [sso-session \(s)] section; botocore fails with \"sso-session does not exist\"",
                                     fix: "aws-sso-tui sessions add \(shellQuote(s)) --start-url URL --region REGION",
                                     scope: .session(s)))
        }
        if !missingFound {
            out.append(DoctorFinding(.profileSessionMissing, .ok, subject: input.configPath,
                                     message: "every profile's sso_session has its section"))
        }

        var firstByURL: [String: String] = [:]
        var dup = false
        for s in doc.ssoSessions {
            guard let url = s.startURL, !url.isEmpty else { continue }
            let k = normalizedStartURL(url)
            if let first = firstByURL[k] {
                dup = true
                out.append(DoctorFinding(.sessionDuplicateStartURL, .warn, subject: "sso-session \(s.name)",
                                         message: "same start URL as sso-session \(first) (\(url)): two logins for one portal, and profiles may use either",
                                         fix: "point the profiles of \(s.name) at \(first), then: aws-sso-tui sessions remove \(shellQuote(s.name))",
                                         scope: .session(s.name)))
            } else {
                firstByURL[k] = s.name
            }
        }
        if !dup {
            out.append(DoctorFinding(.sessionDuplicateStartURL, .ok, subject: input.configPath,
                                     message: "every sso-session has its own start URL"))
        }
        return out
    }

    // MARK: - Environment

    static func envChecks(_ input: DoctorInput, doc: ConfigDocument?, fs: any DoctorFileSystem) -> [DoctorFinding] {
        let env = input.environment
        func v(_ k: String) -> String? { env[k].flatMap { $0.isEmpty ? nil : $0 } }
        var out: [DoctorFinding] = []
        let ak = v("AWS_ACCESS_KEY_ID"), sk = v("AWS_SECRET_ACCESS_KEY")
        let profVar = v("AWS_PROFILE").map { ("AWS_PROFILE", $0) } ?? v("AWS_DEFAULT_PROFILE").map { ("AWS_DEFAULT_PROFILE", $0) }
        let unsetAll = "unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN"
        if ak != nil && sk == nil {
            out.append(DoctorFinding(.envCredentialsShadow, .fail, subject: "AWS_ACCESS_KEY_ID",
                                     message: "AWS_ACCESS_KEY_ID is set without AWS_SECRET_ACCESS_KEY: every SDK call fails (partial credentials) before any profile is looked at",
                                     fix: unsetAll))
        } else if ak != nil {
            let hasDefault = doc?.profile(named: "default") != nil
            if let (name, value) = profVar {
                out.append(DoctorFinding(.envCredentialsShadow, .fail, subject: "AWS_ACCESS_KEY_ID",
                                         message: "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set: every SDK uses them before any profile, so \(name)=\(value) is ignored",
                                         fix: unsetAll))
            } else {
                out.append(DoctorFinding(.envCredentialsShadow, hasDefault ? .fail : .warn, subject: "AWS_ACCESS_KEY_ID",
                                         message: "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set: every SDK uses them instead of "
                                            + (hasDefault ? "the default profile" : "any profile") + " (only an explicit --profile bypasses them)",
                                         fix: unsetAll))
            }
        } else if sk != nil {
            out.append(DoctorFinding(.envCredentialsShadow, .warn, subject: "AWS_SECRET_ACCESS_KEY",
                                     message: "AWS_SECRET_ACCESS_KEY is set without AWS_ACCESS_KEY_ID; the SDKs ignore it",
                                     fix: "unset AWS_SECRET_ACCESS_KEY"))
        } else {
            out.append(DoctorFinding(.envCredentialsShadow, .ok, subject: "environment",
                                     message: "no AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY"))
        }

        if let doc {
            var known = Set(doc.profiles.map(\.name))
            if let cred = input.credentials.document {
                for s in cred.sections where s.kind != .defaults { known.insert(s.header) }
            }
            var any = false
            for name in ["AWS_PROFILE", "AWS_DEFAULT_PROFILE"] {
                guard let p = v(name) else { continue }
                any = true
                if known.contains(p) {
                    out.append(DoctorFinding(.envProfileMissing, .ok, subject: name, message: "\(name)=\(p) exists"))
                } else {
                    out.append(DoctorFinding(.envProfileMissing, .fail, subject: name,
                                             message: "\(name)=\(p) names no profile in \(input.configPath) or \(input.credentialsPath): every AWS CLI and SDK call fails (ProfileNotFound)",
                                             fix: "unset \(name)  (profiles: aws-sso-tui profiles list)"))
                }
            }
            if !any {
                out.append(DoctorFinding(.envProfileMissing, .ok, subject: "environment",
                                         message: "AWS_PROFILE and AWS_DEFAULT_PROFILE are not set"))
            }
        }

        if let a = v("AWS_PROFILE"), let b = v("AWS_DEFAULT_PROFILE"), a != b {
            out.append(DoctorFinding(.envProfileConflict, .fail, subject: "AWS_PROFILE",
                                     message: "AWS_PROFILE=\(a) and AWS_DEFAULT_PROFILE=\(b): the AWS CLI v2 uses \(a), botocore/boto3 use \(b)",
                                     fix: "unset AWS_DEFAULT_PROFILE"))
        } else {
            out.append(DoctorFinding(.envProfileConflict, .ok, subject: "environment",
                                     message: "AWS_PROFILE and AWS_DEFAULT_PROFILE agree (or at most one is set)"))
        }

        // TLS trust: AWS_CA_BUNDLE, else the profiles' ca_bundle, else REQUESTS_CA_BUNDLE.
        var bundles: [(subject: String, label: String, path: String, fix: String)] = []
        if let b = v("AWS_CA_BUNDLE") {
            bundles.append(("AWS_CA_BUNDLE", "AWS_CA_BUNDLE", b, "unset AWS_CA_BUNDLE  (or point it at a PEM file)"))
        } else {
            for p in doc?.profiles ?? [] where p.isSSO || p.ssoSession != nil {
                if let b = p.values["ca_bundle"], !b.isEmpty {
                    bundles.append(("profile \(p.name)", "ca_bundle in profile \(p.name)", b, "fix ca_bundle in [profile \(p.name)] of \(shellQuote(input.configPath))"))
                }
            }
            if let b = v("REQUESTS_CA_BUNDLE") {
                bundles.append(("REQUESTS_CA_BUNDLE", "REQUESTS_CA_BUNDLE", b, "unset REQUESTS_CA_BUNDLE  (or point it at a PEM file)"))
            }
        }
        var bad = false
        for b in bundles where !fs.isReadableFile(b.path) {
            bad = true
            out.append(DoctorFinding(.envCABundleMissing, .fail, subject: b.subject,
                                     message: "\(b.label) = \(b.path) is not a readable file: every HTTPS request of the SDKs (and of aws-sso-tui) fails",
                                     fix: b.fix))
        }
        if !bad {
            out.append(DoctorFinding(.envCABundleMissing, .ok, subject: bundles.first?.subject ?? "environment",
                                     message: bundles.isEmpty ? "no CA bundle override" : bundles.map { "\($0.label) = \($0.path)" }.joined(separator: ", ") + " readable"))
        }
        return out
    }

    // MARK: - Tokens

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

    // MARK: - Cache files

    struct CacheResult {
        var findings: [DoctorFinding] = []
        /// Token files the session checks must not judge (a cache finding covers them).
        var blocked: Set<String> = []
    }

    /// `<40 lowercase hex>.json`: the names botocore and the AWS CLI give cache files.
    static func isCacheName(_ name: String) -> Bool {
        guard name.hasSuffix(".json") else { return false }
        let stem = name.dropLast(5)
        return stem.count == 40 && stem.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) }
    }

    static func cacheChecks(_ input: DoctorInput, doc: ConfigDocument?, units: [Unit], fs: any DoctorFileSystem) -> CacheResult {
        var res = CacheResult()
        let uid = fs.userID
        // Token keys in use: every session name and start URL (also the legacy key of a session's
        // start URL, which older tools and aws-sso-util use), of this config and ~/.aws/config.
        var known = Set<String>()
        for d in [doc].compactMap({ $0 }) + input.otherConfigs {
            for s in d.ssoSessions {
                known.insert(SSOCache.tokenKey(sessionName: s.name, startURL: nil))
                if let u = s.startURL { known.insert(SSOCache.tokenKey(sessionName: nil, startURL: u)) }
            }
            for p in d.profiles {
                if let u = p.ssoStartURL { known.insert(SSOCache.tokenKey(sessionName: nil, startURL: u)) }
            }
        }
        if let u = input.environment["AWS_DEFAULT_SSO_START_URL"], !u.isEmpty {   // aws-sso-util
            known.insert(SSOCache.tokenKey(sessionName: nil, startURL: u))
        }
        var unitByKey: [String: Unit] = [:]
        for u in units where unitByKey[u.tokenKey] == nil { unitByKey[u.tokenKey] = u }

        var permProblems = 0, files = 0, unreadable = 0, orphans = 0, dirs: [String] = []
        for (dir, isSSO) in [(input.ssoCacheDirectory, true), (input.roleCacheDirectory, false)] {
            guard let di = fs.info(dir) else { continue }
            dirs.append(dir)
            if di.kind != .directory && di.kind != .symlink {
                permProblems += 1
                res.findings.append(DoctorFinding(.cachePermissions, .fail, subject: dir,
                                                  message: "is not a directory: nothing can cache \(isSSO ? "tokens" : "role credentials")",
                                                  fix: "mv \(shellQuote(dir)) \(shellQuote(dir + ".old"))"))
                continue
            }
            // A symlinked directory (dotfiles) is judged by its target's owner, which lstat does not
            // show: only its files are checked.
            let dirOwned = di.kind == .symlink || di.owner == uid
            if !dirOwned {
                permProblems += 1
                res.findings.append(DoctorFinding(.cachePermissions, .fail, subject: dir,
                                                  message: "owned by user \(di.owner), not by you (\(uid)): new \(isSSO ? "tokens" : "role credentials") cannot be written there",
                                                  fix: "sudo chown -R $(id -un) \(shellQuote(dir))"))
            } else if di.kind == .directory && di.mode != 0o700 {
                permProblems += 1
                res.findings.append(DoctorFinding(.cachePermissions, di.mode & 0o022 != 0 ? .fail : .warn, subject: dir,
                                                  message: "mode \(octal(di.mode)), should be 0700"
                                                    + (di.mode & 0o022 != 0 ? ": other users can add or replace files in it" : ": only you should see it"),
                                                  fix: "aws-sso-tui doctor --fix  (or: chmod 700 \(shellQuote(dir)))",
                                                  repairs: [.chmod(path: dir, mode: 0o700)]))
            }
            for name in (fs.list(dir) ?? []).sorted() where !name.hasPrefix(".") {
                let p = (dir as NSString).appendingPathComponent(name)
                guard let fi = fs.info(p), fi.kind == .file else { continue }
                files += 1
                let key = String(name.dropLast(5))
                let unit = isSSO && isCacheName(name) ? unitByKey[key] : nil
                let scope = unit?.scope ?? .global
                let r = fs.read(p)
                if fi.owner != uid {
                    permProblems += 1
                    if case .data = r {
                        res.findings.append(DoctorFinding(.cachePermissions, .fail, subject: p,
                                                          message: "owned by user \(fi.owner), not by you (\(uid)) (a login run with sudo?): the AWS CLI cannot update it",
                                                          fix: dirOwned ? "aws-sso-tui doctor --fix  (or: sudo chown $(id -un) \(shellQuote(p)))"
                                                                        : "sudo chown $(id -un) \(shellQuote(p))",
                                                          scope: scope, repairs: dirOwned ? [.takeOwnership(path: p)] : []))
                    } else {
                        res.findings.append(DoctorFinding(.cachePermissions, .fail, subject: p,
                                                          message: "owned by user \(fi.owner), not by you (\(uid)), and you cannot read it",
                                                          fix: "sudo chown $(id -un) \(shellQuote(p))", scope: scope))
                        res.blocked.insert(p)
                        continue
                    }
                } else if fi.mode != 0o600 {
                    permProblems += 1
                    let exposed = fi.mode & 0o077 != 0
                    res.findings.append(DoctorFinding(.cachePermissions, exposed ? .fail : .warn, subject: p,
                                                      message: "mode \(octal(fi.mode)), should be 0600"
                                                        + (exposed ? ": other users can read the secrets in it" : ""),
                                                      fix: "aws-sso-tui doctor --fix  (or: chmod 600 \(shellQuote(p)))",
                                                      scope: scope, repairs: [.chmod(path: p, mode: 0o600)]))
                    if r == .denied { res.blocked.insert(p); continue }
                }
                guard isCacheName(name) else { continue }   // other tools' files: their business
                let loginAfter: [DoctorRepair] = unit.map { [.login($0.target)] } ?? []
                let whose = unit.map { " (the token of \($0.subject))" } ?? ""
                func bad(_ why: String) {
                    unreadable += 1
                    res.blocked.insert(p)
                    res.findings.append(DoctorFinding(.cacheUnreadable, .fail, subject: p,
                                                      message: "\(why)\(whose): botocore and the AWS CLI fail on it",
                                                      fix: "aws-sso-tui doctor --fix" + (unit.map { ", then \($0.loginCommand)" } ?? "")
                                                        + "  (or: rm \(shellQuote(p)))",
                                                      scope: scope, repairs: [.remove(path: p)] + loginAfter))
                }
                switch r {
                case .missing: continue
                case .denied: bad("permission denied")
                case .failed(let why): bad(why)
                case .data(let d):
                    if let why = jsonProblem(d) { bad(why); continue }
                    let obj = jsonObject(d)!
                    if isSSO {
                        if unit != nil {
                            if parseToken(d) == nil { bad("a token file without a usable accessToken and expiresAt") }
                        } else if obj["accessToken"] != nil, doc != nil, !known.contains(key) {
                            orphans += 1
                            let start = obj["startUrl"] as? String ?? "an unknown start URL"
                            let exp = (obj["expiresAt"] as? String).flatMap(AWSTime.parse)
                            let state = exp.map { $0 <= input.now ? "expired \(AWSTime.format($0))" : "valid until \(AWSTime.format($0))" } ?? "no expiry"
                            res.findings.append(DoctorFinding(.cacheOrphan, .warn, subject: p,
                                                              message: "a token for \(start) (\(state)) that no sso-session or profile in \(input.configPath) uses",
                                                              fix: "aws-sso-tui doctor --fix  (or: rm \(shellQuote(p)))",
                                                              repairs: [.remove(path: p)]))
                        }
                    } else if obj["ProviderType"] as? String == "sso" {
                        let c = obj["Credentials"] as? [String: Any]
                        if c?["AccessKeyId"] as? String == nil || c?["SecretAccessKey"] as? String == nil
                            || (c?["Expiration"] as? String).flatMap(AWSTime.parse) == nil {
                            bad("SSO role credentials without AccessKeyId, SecretAccessKey or a readable Expiration")
                        }
                    }
                }
            }
        }
        let where_ = dirs.isEmpty ? "no cache directories yet" : dirs.joined(separator: ", ")
        if permProblems == 0 {
            res.findings.append(DoctorFinding(.cachePermissions, .ok, subject: dirs.first ?? input.ssoCacheDirectory,
                                              message: dirs.isEmpty ? where_ : "directories 0700, \(files) file(s) 0600, all yours"
                                                + (dirs.count > 1 ? " (also \(dirs[1]))" : "")))
        }
        if unreadable == 0 {
            res.findings.append(DoctorFinding(.cacheUnreadable, .ok, subject: dirs.first ?? input.ssoCacheDirectory,
                                              message: dirs.isEmpty ? where_ : "every cache file can be read"))
        }
        if orphans == 0 && doc != nil {
            res.findings.append(DoctorFinding(.cacheOrphan, .ok, subject: input.ssoCacheDirectory,
                                              message: "every cached token belongs to an sso-session or profile"))
        }
        return res
    }

    // MARK: - Helpers

    /// A start URL for comparison: scheme and host lower-cased, trailing slashes dropped.
    static func normalizedStartURL(_ s: String) -> String {
        var t = s.trimmingCharacters(in: .whitespaces)
        while t.hasSuffix("/") { t.removeLast() }
        guard let r = t.range(of: "://") else { return t.lowercased() }
        let rest = t[r.upperBound...]
        let hostEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        return t[..<r.upperBound].lowercased() + rest[..<hostEnd].lowercased() + rest[hostEnd...]
    }

    /// A word for a shell command line: as it is when it is plain, else in single quotes.
    public static func shellQuote(_ s: String) -> String {
        let plain = !s.isEmpty && s.unicodeScalars.allSatisfy { u in
            u.isASCII && (CharacterSet.alphanumerics.contains(u) || "._-/:@%+=,".unicodeScalars.contains(u))
        }
        return plain ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static func octal(_ m: UInt32) -> String { "0" + String(m, radix: 8) }

    /// `1h 05m`, `12m`, `40s`.
    public static func duration(_ seconds: TimeInterval) -> String {
        let s = Int(max(0, seconds))
        if s >= 86400 { return "\(s / 86400)d \(s % 86400 / 3600)h" }
        if s >= 3600 { return String(format: "%dh %02dm", s / 3600, s % 3600 / 60) }
        if s >= 60 { return "\(s / 60)m" }
        return "\(s)s"
    }
}

