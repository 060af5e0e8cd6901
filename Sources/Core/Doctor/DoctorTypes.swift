import Foundation

/// How bad a finding is. `fail` makes `doctor` exit 1.
public enum DoctorStatus: String, Sendable, Equatable, Comparable, CaseIterable {
    case ok, warn, fail

    public static func < (a: DoctorStatus, b: DoctorStatus) -> Bool {
        let order: [DoctorStatus] = [.ok, .warn, .fail]
        return order.firstIndex(of: a)! < order.firstIndex(of: b)!
    }
}

/// The stable check names of `doctor --json` (documented in docs/doctor.md; never renamed).
public enum DoctorCheck: String, Sendable, Equatable, CaseIterable {
    case configParse = "config-parse"
    case profileSessionMissing = "profile-session-missing"
    case sessionDuplicateStartURL = "session-duplicate-start-url"
    case envCredentialsShadow = "env-credentials-shadow"
    case envProfileMissing = "env-profile-missing"
    case envProfileConflict = "env-profile-conflict"
    case envCABundleMissing = "env-ca-bundle-missing"
    case tokenMissing = "token-missing"
    case tokenExpired = "token-expired"
    case tokenExpiring = "token-expiring"
    case tokenSessionMismatch = "token-session-mismatch"
    case registrationExpired = "registration-expired"
    case cachePermissions = "cache-permissions"
    case cacheOrphan = "cache-orphan"
    case cacheUnreadable = "cache-unreadable"
    case clockSkew = "clock-skew"
    case endpointUnreachable = "endpoint-unreachable"
}

/// What a finding is about, for filtering (`--session`, the TUI's sessions).
public enum DoctorScope: Sendable, Equatable, Hashable {
    /// The environment, the config file as a whole, the cache directories, orphans.
    case global
    /// One `[sso-session NAME]`.
    case session(String)
    /// A legacy profile's start URL (profiles with `sso_start_url` and no `sso_session`).
    case legacy(startURL: String)
}

/// The sso-session (or legacy profile) a login repair logs in.
public struct DoctorLoginTarget: Sendable, Equatable, Hashable {
    /// The sso-session; nil for a legacy start URL.
    public var session: String?
    /// For a legacy start URL: one of its profiles (the login goes through it).
    public var profile: String?

    public init(session: String?, profile: String?) {
        self.session = session
        self.profile = profile
    }
}

/// Something `doctor --fix` can do about a finding.
public enum DoctorRepair: Sendable, Equatable, Hashable {
    /// Set the permission bits (file 0600, directory 0700).
    case chmod(path: String, mode: UInt32)
    /// A readable file owned by another user: write the same bytes as a new file of ours, 0600,
    /// atomically in its place (the directory is ours, so this needs no root).
    case takeOwnership(path: String)
    /// Delete a cache file (orphan or unreadable token, role credentials of an expired session).
    case remove(path: String)
    /// Offer a device-code login (only on a terminal).
    case login(DoctorLoginTarget)

    /// Repairs that need no user: everything but `login`.
    public var isFileRepair: Bool {
        if case .login = self { return false }
        return true
    }
}

/// One line of `doctor` output.
public struct DoctorFinding: Sendable, Equatable {
    public var check: DoctorCheck
    public var status: DoctorStatus
    /// What it is about: `sso-session acme`, `profile dev`, `AWS_PROFILE`, a file path, `PATH:LINE`.
    public var subject: String
    /// What is wrong (or, for `ok`, what was found). Never a secret.
    public var message: String
    /// The command (or key) that fixes it; nil for `ok` and for what only a person can fix.
    public var fix: String?
    public var scope: DoctorScope
    /// What `--fix` would do.
    public var repairs: [DoctorRepair]

    public init(_ check: DoctorCheck, _ status: DoctorStatus, subject: String, message: String,
                fix: String? = nil, scope: DoctorScope = .global, repairs: [DoctorRepair] = []) {
        self.check = check
        self.status = status
        self.subject = subject
        self.message = message
        self.fix = fix
        self.scope = scope
        self.repairs = repairs
    }

    /// True when the finding concerns `sessions` (by name) or everything (global). Legacy
    /// start URLs count as global only when `includeLegacy`.
    public func concerns(sessions: Set<String>, includeLegacy: Bool = true) -> Bool {
        switch scope {
        case .global: return true
        case .session(let s): return sessions.contains(s)
        case .legacy: return includeLegacy
        }
    }
}

extension Array where Element == DoctorFinding {
    /// The `fail` findings that concern the given sessions (the TUI's problem count).
    public func failures(forSessions sessions: Set<String>) -> [DoctorFinding] {
        filter { $0.status == .fail && $0.concerns(sessions: sessions, includeLegacy: false) }
    }

    /// `doctor`'s exit status: 1 when anything fails.
    public var exitCode: Int32 { contains { $0.status == .fail } ? 1 : 0 }
}
