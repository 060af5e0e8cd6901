import Foundation

/// Edits of profiles and sso-sessions, on the generic edits of ConfigDocument+Edit.swift.
extension ConfigDocument {
    // MARK: Profiles

    /// Adds or updates a profile: writes the typed fields that are non-nil (in `aws configure sso`
    /// key order: sso_session, sso_account_id, sso_role_name, region, output) and leaves every
    /// other key alone. A new profile is appended at the end of the file.
    ///
    /// When `ssoSession` is set and `ssoStartURL`/`ssoRegion` are nil, legacy `sso_start_url` and
    /// `sso_region` keys are removed from the profile: botocore merges the session's keys into
    /// the profile and refuses the profile when the two disagree.
    public mutating func upsertProfile(_ p: ProfileConfig) throws {
        var pairs = p.typedSettings.filter { $0.value != nil }
        if p.ssoSession != nil, p.ssoStartURL == nil, p.ssoRegion == nil,
           let existing = profile(named: p.name) {
            if existing.ssoStartURL != nil { pairs.append(("sso_start_url", nil)) }
            if existing.ssoRegion != nil { pairs.append(("sso_region", nil)) }
        }
        try setValues(pairs, in: .profile(p.name))
    }

    /// Renames a profile by rewriting its header line only (`[default]` <-> `[profile NAME]` as needed).
    public mutating func renameProfile(from old: String, to new: String) throws {
        try Self.validateName(new, kind: "profile")
        let idxs = parsed.indices(.profile(old))
        guard !idxs.isEmpty else { throw ConfigEditError.profileNotFound(old) }
        if old.utf8.elementsEqual(new.utf8) { return }
        guard parsed.indices(.profile(new)).isEmpty else { throw ConfigEditError.profileExists(new) }
        guard idxs.count == 1 else {
            let ls = idxs.map { String(parsed.sections[$0].headerLine + 1) }.joined(separator: " and ")
            throw ConfigEditError.verificationFailed(
                "profile '\(old)' is defined more than once (lines \(ls)); fix the file by hand first")
        }
        guard let header = Self.headerText(for: .profile(new)) else {
            throw ConfigEditError.invalidName(kind: "profile", name: new, reason: "botocore would not read this name back")
        }
        var copy = self
        let s = parsed.sections[idxs[0]]
        copy.lines[s.headerLine].text = Self.rewriteHeader(lines[s.headerLine].text, to: header)
        try copy.reparse()
        guard copy.profile(named: new)?.values == profile(named: old)?.values, copy.profile(named: old) == nil else {
            throw ConfigEditError.verificationFailed("rename did not read back")
        }
        self = copy
    }

    /// Keeps the indentation before `[` and anything after the closing `]`.
    static func rewriteHeader(_ text: String, to header: String) -> String {
        let s = Array(text.unicodeScalars)
        guard let open = s.firstIndex(of: "["), let close = s.lastIndex(of: "]"), close > open else {
            return "[\(header)]"
        }
        var pre = String.UnicodeScalarView(); pre.append(contentsOf: s[0..<open])
        var post = String.UnicodeScalarView(); post.append(contentsOf: s[(close + 1)...])
        return String(pre) + "[\(header)]" + String(post)
    }

    /// Removes a profile (every section botocore maps to that name).
    public mutating func removeProfile(_ name: String) throws {
        guard !parsed.indices(.profile(name)).isEmpty else { throw ConfigEditError.profileNotFound(name) }
        var copy = self
        while let i = copy.parsed.indices(.profile(name)).last {
            copy.removeSection(at: i)
            try copy.reparse()
        }
        self = copy
    }

    /// The keys `setDefault` copies: what says which role, and region/output.
    public static let defaultProfileKeys: Set<String> = [
        "sso_session", "sso_account_id", "sso_role_name", "sso_start_url", "sso_region", "sso_registration_scopes",
        "region", "output",
    ]
    /// The SSO keys of those: `[default]`'s own that `name` does not have are removed (they would
    /// mix two identities); its other keys (`cli_pager`, `credential_process`, ...) stay.
    static let defaultSSOKeys: Set<String> = ["sso_session", "sso_account_id", "sso_role_name", "sso_start_url", "sso_region",
                                              "sso_registration_scopes"]

    /// Makes the `[default]` profile use the role of profile `name`: its SSO keys and
    /// region/output are set in place or added, `[default]`'s SSO keys that `name` does not have
    /// are removed, and every other key of `[default]` stays (nothing else of `name` is copied:
    /// not the `sso_tui_generated` marker, which would hand `[default]` to populate). Comments stay.
    public mutating func setDefault(profile name: String) throws {
        guard let src = parsed.effectiveIndex(.profile(name)) else { throw ConfigEditError.profileNotFound(name) }
        if name == "default" { return }
        let source = parsed.sections[src]
        let sourceLines: [(String, [String], ConfigValue)] = source.entries.filter { Self.defaultProfileKeys.contains($0.key) }.map { e in
            let texts = (e.keyLine...e.lastLine).map { lines[$0].text }
            return (e.key, texts, e.configValue)
        }
        var copy = self
        if copy.parsed.effectiveIndex(.profile("default")) == nil {
            try copy.appendSection(.profile("default"), sourceLines.map { key, texts, _ in
                var t = texts
                t[0] = Self.stripLeading(t[0])
                return t
            })
        } else {
            for (key, texts, value) in sourceLines {
                let d = copy.parsed.effectiveIndex(.profile("default"))!
                let target = copy.parsed.sections[d]
                var t = texts
                if let e = target.entry(key) {
                    if e.configValue == value { continue }
                    t[0] = (t.count == 1 ? Self.leadingWhitespace(copy.lines[e.keyLine].text) : "") + Self.stripLeading(t[0])
                    copy.replace(e.keyLine...e.lastLine, with: t)
                } else {
                    let indent = target.entries.last.map { Self.leadingWhitespace(copy.lines[$0.keyLine].text) } ?? ""
                    t[0] = (t.count == 1 ? indent : "") + Self.stripLeading(t[0])
                    copy.insert(t, after: target.lastContentLine)
                }
                try copy.reparse()
            }
            let keep = Set(sourceLines.map(\.0))
            while true {
                let d = copy.parsed.effectiveIndex(.profile("default"))!
                guard let e = copy.parsed.sections[d].entries.first(where: { Self.defaultSSOKeys.contains($0.key) && !keep.contains($0.key) })
                else { break }
                copy.replace(e.keyLine...e.lastLine, with: [])
                try copy.reparse()
            }
        }
        let want = Dictionary(sourceLines.map { ($0.0, $0.2) }, uniquingKeysWith: { _, b in b })
        let d = copy.parsed.effectiveIndex(.profile("default"))!
        let got = Dictionary(copy.parsed.sections[d].entries.filter { want[$0.key] != nil || Self.defaultSSOKeys.contains($0.key) }
            .map { ($0.key, $0.configValue) }, uniquingKeysWith: { _, b in b })
        guard got == want else { throw ConfigEditError.verificationFailed("default did not read back as \(name)") }
        self = copy
    }

    static func stripLeading(_ s: String) -> String {
        String(s.unicodeScalars.drop(while: { PyText.isSpace($0) }).map(Character.init))
    }

    // MARK: sso-sessions

    /// Adds or updates an `[sso-session NAME]`: sso_start_url, sso_region and (when non-empty)
    /// sso_registration_scopes joined with `,`, in `aws configure sso` order. Nil fields are left alone.
    public mutating func upsertSSOSession(_ s: SSOSessionConfig) throws {
        var pairs: [(key: String, value: String?)] = []
        if let u = s.startURL { pairs.append(("sso_start_url", u)) }
        if let r = s.region { pairs.append(("sso_region", r)) }
        if !s.scopes.isEmpty {
            for sc in s.scopes where sc.contains(",") || PyText.strip(sc) != sc || sc.isEmpty {
                throw ConfigEditError.invalidValue(key: "sso_registration_scopes", reason: "bad scope '\(sc)'")
            }
            pairs.append(("sso_registration_scopes", s.scopes.joined(separator: ",")))
        }
        if s.values[CompatProfiles.key] == "true" { pairs.append((CompatProfiles.key, "true")) }
        try setValues(pairs, in: .ssoSession(s.name))
    }

    /// Removes an `[sso-session NAME]`. Fails with `ssoSessionInUse` listing the profiles that
    /// still use it unless `force` is true (then those profiles are left pointing at nothing).
    public mutating func removeSSOSession(_ name: String, force: Bool = false) throws {
        guard !parsed.indices(.ssoSession(name)).isEmpty else { throw ConfigEditError.ssoSessionNotFound(name) }
        let users = profiles(usingSession: name)
        if !users.isEmpty && !force { throw ConfigEditError.ssoSessionInUse(name: name, profiles: users) }
        var copy = self
        while let i = copy.parsed.indices(.ssoSession(name)).last {
            copy.removeSection(at: i)
            try copy.reparse()
        }
        self = copy
    }
}
