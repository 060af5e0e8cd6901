import Foundation

// doctor's checks of the two cache directories (sso/cache, cli/cache): names, modes, contents.
extension Doctor {
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
}
