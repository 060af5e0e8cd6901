import Foundation

/// `doctor`'s offline checks: the config and credentials files, the environment, each
/// sso-session's cached token, and the two cache directories. Pure apart from the reads it asks
/// `fs` for; the clock is `input.now`. The online checks are in ``DoctorOnline``.
/// Each group of checks is in the `Doctor+<Group>.swift` named for it (Config, Environment,
/// Tokens, Cache).
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
