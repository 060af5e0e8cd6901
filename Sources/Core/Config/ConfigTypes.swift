import Foundation

/// A config file that botocore would refuse to load (`ConfigParseError`), with where and why.
public struct ConfigParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file the text came from (may be nil for in-memory text).
    public var path: String?
    /// 1-based line number of the offending line.
    public var line: Int
    /// What is wrong, in words.
    public var reason: String

    public init(path: String?, line: Int, reason: String) {
        self.path = path
        self.line = line
        self.reason = reason
    }

    public var description: String {
        "\(path ?? "<config>"):\(line): \(reason)"
    }
}

/// Why an edit of the config document was refused. Nothing is changed when one is thrown.
public enum ConfigEditError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidName(kind: String, name: String, reason: String)
    case invalidKey(key: String, reason: String)
    case invalidValue(key: String, reason: String)
    case profileNotFound(String)
    case ssoSessionNotFound(String)
    case profileExists(String)
    case ssoSessionExists(String)
    /// The sso-session is still referenced by these profiles (`sso_session = NAME`).
    case ssoSessionInUse(name: String, profiles: [String])
    /// The edited text did not read back as intended (a safety net; should never happen).
    case verificationFailed(String)

    public var description: String {
        switch self {
        case let .invalidName(kind, name, reason): return "invalid \(kind) name \(Self.quote(name)): \(reason)"
        case let .invalidKey(key, reason): return "invalid key \(Self.quote(key)): \(reason)"
        case let .invalidValue(key, reason): return "invalid value for \(key): \(reason)"
        case let .profileNotFound(n): return "profile \(Self.quote(n)) not found"
        case let .ssoSessionNotFound(n): return "sso-session \(Self.quote(n)) not found"
        case let .profileExists(n): return "profile \(Self.quote(n)) already exists"
        case let .ssoSessionExists(n): return "sso-session \(Self.quote(n)) already exists"
        case let .ssoSessionInUse(n, ps):
            return "sso-session \(Self.quote(n)) is used by profile\(ps.count == 1 ? "" : "s") "
                + ps.map(Self.quote).joined(separator: ", ") + " (use --force to remove it anyway)"
        case let .verificationFailed(m): return "internal check failed, nothing written: \(m)"
        }
    }

    static func quote(_ s: String) -> String {
        let escaped = s.unicodeScalars.map { u -> String in
            if u.value < 0x20 || u.value == 0x7F { return String(format: "\\x%02x", u.value) }
            return String(u)
        }.joined()
        return "'\(escaped)'"
    }
}

/// A value as botocore returns it: a string, or a dict for an indented sub-section
/// (`s3 =` followed by indented `key = value` lines).
public enum ConfigValue: Sendable, Equatable {
    case string(String)
    case nested([String: String])

    /// The string value, or nil for a nested block.
    public var string: String? {
        if case let .string(s) = self { return s }
        return nil
    }
}

/// Which kind of section a header is, by botocore's classification (docs/protocol.md §6.2).
public enum SectionKind: Sendable, Equatable, Hashable {
    /// `[profile NAME]` or `[default]`.
    case profile(String)
    case ssoSession(String)
    case services(String)
    /// configparser's `[DEFAULT]`: its keys show up in every other section.
    case defaults
    /// Any other section, or a `profile…`/`sso-session…`/`services…` header botocore ignores
    /// (wrong token count, shlex error).
    case other
}

/// A reference to a section to edit.
public enum SectionRef: Sendable, Equatable, Hashable {
    case profile(String)
    case ssoSession(String)
    case services(String)
}

/// `[sso-session NAME]`.
public struct SSOSessionConfig: Sendable, Equatable {
    public var name: String
    public var startURL: String?
    public var region: String?
    /// `sso_registration_scopes` split on `,`, items stripped, empty ones dropped.
    public var scopes: [String]
    /// Every key of the section as botocore reads it (nested blocks as their raw text).
    public var values: [String: String]

    public init(name: String, startURL: String? = nil, region: String? = nil, scopes: [String] = [],
                values: [String: String] = [:]) {
        self.name = name
        self.startURL = startURL
        self.region = region
        self.scopes = scopes
        self.values = values
    }
}

/// `[profile NAME]` or `[default]`.
public struct ProfileConfig: Sendable, Equatable {
    public var name: String
    public var ssoSession: String?
    public var ssoAccountId: String?
    public var ssoRoleName: String?
    public var region: String?
    public var output: String?
    /// Legacy (no sso-session) form: start URL inside the profile.
    public var ssoStartURL: String?
    /// Legacy form: SSO region inside the profile.
    public var ssoRegion: String?
    public var credentialProcess: String?
    /// Every key of the section as botocore reads it (nested blocks as their raw text).
    public var values: [String: String]
    /// Nested sub-sections (`s3 =` blocks), key -> sub-key -> value.
    public var nested: [String: [String: String]]

    public init(name: String, ssoSession: String? = nil, ssoAccountId: String? = nil,
                ssoRoleName: String? = nil, region: String? = nil, output: String? = nil,
                ssoStartURL: String? = nil, ssoRegion: String? = nil, credentialProcess: String? = nil,
                values: [String: String] = [:], nested: [String: [String: String]] = [:]) {
        self.name = name
        self.ssoSession = ssoSession
        self.ssoAccountId = ssoAccountId
        self.ssoRoleName = ssoRoleName
        self.region = region
        self.output = output
        self.ssoStartURL = ssoStartURL
        self.ssoRegion = ssoRegion
        self.credentialProcess = credentialProcess
        self.values = values
        self.nested = nested
    }

    /// True when botocore's SSO credential provider applies (`sso_account_id` or `sso_role_name`).
    public var isSSO: Bool { ssoAccountId != nil || ssoRoleName != nil }
    /// True for the legacy form (SSO profile without `sso_session`).
    public var isLegacySSO: Bool { isSSO && ssoSession == nil }
    /// True when the profile assumes `role` in `accountId` through sso-session `session`.
    public func assumes(session: String, accountId: String, role: String) -> Bool {
        ssoSession == session && ssoAccountId == accountId && ssoRoleName == role
    }

    /// The keys `upsertProfile` writes, in `aws configure sso` order; nil entries are left alone.
    public var typedSettings: [(key: String, value: String?)] {
        [("sso_session", ssoSession), ("sso_account_id", ssoAccountId), ("sso_role_name", ssoRoleName),
         ("sso_start_url", ssoStartURL), ("sso_region", ssoRegion),
         ("region", region), ("output", output), ("credential_process", credentialProcess)]
    }
}

/// `[services NAME]`: per-service nested blocks (`sso_oidc = ...` / `endpoint_url = ...`).
public struct ServicesConfig: Sendable, Equatable {
    public var name: String
    public var values: [String: ConfigValue]

    public init(name: String, values: [String: ConfigValue]) {
        self.name = name
        self.values = values
    }
}
