import Foundation

/// A cached SSO access token: the JSON AWS CLI v2 and botocore keep in
/// `~/.aws/sso/cache/<sha1>.json` (docs/protocol.md §5.2).
///
/// ```swift
/// let t = SSOToken(startUrl: "https://d-1.awsapps.com/start", region: "us-east-1",
///                  accessToken: "…", expiresAt: Date().addingTimeInterval(3600))
/// t.isUsable(at: Date())   // true while more than 15 minutes remain... see `expiresSoon`
/// ```
public struct SSOToken: Sendable, Equatable {
    public var startUrl: String
    public var region: String
    public var accessToken: String
    public var expiresAt: Date
    public var clientId: String?
    public var clientSecret: String?
    public var registrationExpiresAt: Date?
    public var refreshToken: String?

    public init(startUrl: String, region: String, accessToken: String, expiresAt: Date,
                clientId: String? = nil, clientSecret: String? = nil,
                registrationExpiresAt: Date? = nil, refreshToken: String? = nil) {
        self.startUrl = startUrl
        self.region = region
        self.accessToken = accessToken
        self.expiresAt = expiresAt
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.registrationExpiresAt = registrationExpiresAt
        self.refreshToken = refreshToken
    }

    /// botocore and CLI v2 refresh (or refuse to reuse) a token with under 15 minutes left.
    public static let refreshWindow: TimeInterval = 15 * 60

    public func isExpired(at now: Date) -> Bool { expiresAt <= now }
    /// True when the token is inside the refresh window (or already expired).
    public func needsRefresh(at now: Date) -> Bool { expiresAt.timeIntervalSince(now) < Self.refreshWindow }
    /// True when a refresh-token grant is possible (all fields present, registration valid).
    public func canRefresh(at now: Date) -> Bool {
        guard refreshToken != nil, clientId != nil, clientSecret != nil,
              let r = registrationExpiresAt else { return false }
        return r > now
    }
}

/// A client registration from RegisterClient, as cached by CLI v2 (docs/protocol.md §5.3).
public struct ClientRegistration: Sendable, Equatable {
    public var clientId: String
    public var clientSecret: String
    public var expiresAt: Date
    public var scopes: [String]?
    /// Present for PKCE registrations (`["authorization_code", "refresh_token"]`).
    public var grantTypes: [String]?

    public init(clientId: String, clientSecret: String, expiresAt: Date,
                scopes: [String]? = nil, grantTypes: [String]? = nil) {
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.expiresAt = expiresAt
        self.scopes = scopes
        self.grantTypes = grantTypes
    }

    public var isPKCE: Bool { grantTypes?.contains("authorization_code") ?? false }
    /// CLI v2 reuses a registration until 15 minutes before it expires.
    public func isReusable(at now: Date) -> Bool { expiresAt.timeIntervalSince(now) > 15 * 60 }
}

/// Temporary role credentials from GetRoleCredentials.
public struct RoleCredentials: Sendable, Equatable {
    public var accessKeyId: String
    public var secretAccessKey: String
    public var sessionToken: String
    public var expiration: Date
    public var accountId: String?

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String,
                expiration: Date, accountId: String? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
        self.accountId = accountId
    }
}

/// An AWS account as ListAccounts returns it. Name and email may be missing.
public struct Account: Sendable, Equatable, Hashable, Codable {
    public var accountId: String
    public var accountName: String?
    public var emailAddress: String?

    public init(accountId: String, accountName: String? = nil, emailAddress: String? = nil) {
        self.accountId = accountId
        self.accountName = accountName
        self.emailAddress = emailAddress
    }

    /// The one account order of every list, table and JSON output, and of populate: by name,
    /// case- and accent-insensitive (`Zürich` next to `zurich`), an account without a name by its
    /// id; ties by id. Compute the key once per account when sorting many.
    public var sortKey: String {
        (accountName ?? accountId).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    public static func ordered(_ a: (key: String, id: String), _ b: (key: String, id: String)) -> Bool {
        a.key != b.key ? a.key < b.key : a.id < b.id
    }
}

extension Array where Element == Account {
    /// In ``Account/sortKey`` order, each key computed once.
    public func sortedByName() -> [Account] {
        map { ($0.sortKey, $0) }.sorted { Account.ordered(($0.0, $0.1.accountId), ($1.0, $1.1.accountId)) }.map(\.1)
    }
}

extension Array where Element == AccountRole {
    /// In their accounts' order (``Account/sortKey``; an account missing from `accounts` by its
    /// id), then by role name.
    public func sortedByAccount(_ accounts: [Account]) -> [AccountRole] {
        var keys: [String: String] = [:]
        for a in accounts { keys[a.accountId] = a.sortKey }
        return sorted { a, b in
            if a.accountId != b.accountId {
                return Account.ordered((keys[a.accountId] ?? a.accountId, a.accountId), (keys[b.accountId] ?? b.accountId, b.accountId))
            }
            return a.roleName < b.roleName
        }
    }
}

/// A permission set (role) the user may assume in an account.
public struct AccountRole: Sendable, Equatable, Hashable, Codable {
    public var accountId: String
    public var roleName: String

    public init(accountId: String, roleName: String) {
        self.accountId = accountId
        self.roleName = roleName
    }
}

/// The timestamp formats of the AWS caches.
public enum AWSTime {
    /// `YYYY-MM-DDTHH:MM:SSZ` in UTC, whole seconds: what CLI v2 and botocore write.
    public static func format(_ date: Date) -> String {
        let t = time_t(floor(date.timeIntervalSince1970))
        var tmv = tm()
        var tt = t
        gmtime_r(&tt, &tmv)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(tmv.tm_year) + 1900,
                      Int(tmv.tm_mon) + 1, Int(tmv.tm_mday), Int(tmv.tm_hour), Int(tmv.tm_min),
                      Int(tmv.tm_sec))
    }

    /// ISO-8601 with `+00:00`, as AWS CLI v2's export-credentials prints expiry.
    public static func formatOffset(_ date: Date) -> String {
        String(format(date).dropLast()) + "+00:00"
    }

    /// Parses what botocore accepts in practice: `Z`, `UTC`, `+HH:MM`/`+HHMM` offsets, optional
    /// fractional seconds, `T` or space between date and time. Returns nil for anything else
    /// (including a time without a zone, which botocore cannot use either).
    public static func parse(_ s: String) -> Date? {
        let str = s.trimmingCharacters(in: .whitespaces)
        let scalars = Array(str.unicodeScalars)
        func num(_ from: Int, _ len: Int) -> Int? {
            guard from + len <= scalars.count else { return nil }
            var v = 0
            for i in from..<(from + len) {
                guard let d = Int(String(scalars[i])), scalars[i].isASCII else { return nil }
                v = v * 10 + d
            }
            return v
        }
        guard scalars.count >= 19, let y = num(0, 4), scalars[4] == "-", let mo = num(5, 2),
              scalars[7] == "-", let d = num(8, 2), scalars[10] == "T" || scalars[10] == " ",
              let h = num(11, 2), scalars[13] == ":", let mi = num(14, 2), scalars[16] == ":",
              let se = num(17, 2) else { return nil }
        var i = 19
        var frac = 0.0
        if i < scalars.count, scalars[i] == "." {
            i += 1
            var digits = ""
            while i < scalars.count, scalars[i].properties.numericType != nil, scalars[i].isASCII {
                digits.unicodeScalars.append(scalars[i]); i += 1
            }
            guard !digits.isEmpty else { return nil }
            frac = Double("0." + digits) ?? 0
        }
        let rest = String(String.UnicodeScalarView(scalars[i...]))
        var offset = 0
        switch rest {
        case "Z", "z", "UTC", "GMT", "+00:00", "-00:00", "+0000": offset = 0
        default:
            let r = Array(rest.unicodeScalars)
            guard r.count == 6 || r.count == 5, r[0] == "+" || r[0] == "-" else { return nil }
            let digits = r.count == 6 ? String(String.UnicodeScalarView([r[1], r[2], r[4], r[5]]))
                                      : String(String.UnicodeScalarView(r[1...]))
            guard r.count == 5 || r[3] == ":", digits.count == 4, let hh = Int(digits.prefix(2)),
                  let mm = Int(digits.suffix(2)) else { return nil }
            offset = (hh * 3600 + mm * 60) * (r[0] == "-" ? -1 : 1)
        }
        guard (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, se < 61 else { return nil }
        var tmv = tm()
        tmv.tm_year = Int32(y - 1900); tmv.tm_mon = Int32(mo - 1); tmv.tm_mday = Int32(d)
        tmv.tm_hour = Int32(h); tmv.tm_min = Int32(mi); tmv.tm_sec = Int32(se)
        let epoch = timegm(&tmv)
        return Date(timeIntervalSince1970: Double(epoch) - Double(offset) + frac)
    }
}
