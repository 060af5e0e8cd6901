import Foundation

// doctor's checks of the config and credentials files.
extension Doctor {
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
}
