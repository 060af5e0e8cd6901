import Foundation

// doctor's checks of the environment: AWS_* variables (keys that shadow the profiles, AWS_PROFILE), CA bundles.
extension Doctor {
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
}
