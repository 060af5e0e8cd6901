import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The result of reading a cache file. A corrupt or half-written file is "not logged in" with a
/// reason, never a crash; the next save replaces it.
public enum CacheLoad<Value: Sendable>: Sendable {
    case missing
    case corrupt(path: String, reason: String)
    case found(Value)

    /// The value when found.
    public var value: Value? {
        if case let .found(v) = self { return v }
        return nil
    }
}

public typealias TokenLoad = CacheLoad<SSOToken>
public typealias RegistrationLoad = CacheLoad<ClientRegistration>

/// `~/.aws/sso/cache`: SSO access tokens and client registrations, in the files, names and JSON
/// AWS CLI v2 and botocore use (docs/protocol.md §5.1–5.3). Files 0600, directory 0700, atomic writes.
///
/// ```swift
/// let cache = SSOCache.default(home: env["HOME"]!)
/// let key = SSOCache.tokenKey(sessionName: "my-sso", startURL: nil)   // sha1("my-sso")
/// switch cache.loadToken(key: key) { case .found(let t): ...; case .missing, .corrupt: ... }
/// ```
public struct SSOCache: Sendable {
    /// The cache directory.
    public var directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// `HOME/.aws/sso/cache` (the location is hard-coded in CLI v2 and botocore).
    public static func `default`(home: String) -> SSOCache {
        SSOCache(directory: (home as NSString).appendingPathComponent(".aws/sso/cache"))
    }

    /// The token file key: sha1 of the sso-session name when there is one, else sha1 of the start
    /// URL exactly as configured (legacy profiles).
    public static func tokenKey(sessionName: String?, startURL: String?) -> String {
        if let s = sessionName { return SHA1Hex.of(s) }
        return SHA1Hex.of(startURL ?? "")
    }

    /// The client-registration file key (CLI v2): sha1 of
    /// `json.dumps({"tool": "botocore", "startUrl", "region", "scopes", "session_name"}, sort_keys=True)`.
    /// `scopes` is the configured list or nil; `sessionName` nil for legacy profiles.
    public static func registrationKey(startURL: String, region: String, scopes: [String]?,
                                       sessionName: String?) -> String {
        SHA1Hex.of(registrationKeyText(startURL: startURL, region: region, scopes: scopes, sessionName: sessionName))
    }

    static func registrationKeyText(startURL: String, region: String, scopes: [String]?, sessionName: String?) -> String {
        PyJSON.object([
            ("tool", .string("botocore")),
            ("startUrl", .string(startURL)),
            ("region", .string(region)),
            ("scopes", scopes.map { .array($0.map(PyJSON.string)) } ?? .null),
            ("session_name", sessionName.map(PyJSON.string) ?? .null),
        ]).dumps(sortKeys: true)
    }

    /// `<directory>/<key>.json`.
    public func path(forKey key: String) -> String {
        (directory as NSString).appendingPathComponent("\(key).json")
    }

    // MARK: Tokens

    /// Reads a token file as botocore's `SSOTokenLoader` would: it needs `accessToken` and a
    /// readable `expiresAt` (`Z`, `UTC`, `+00:00`, fractional seconds are accepted).
    public func loadToken(key: String) -> TokenLoad {
        let p = path(forKey: key)
        let obj: [String: Any]
        switch Self.readObject(p) {
        case .missing: return .missing
        case let .corrupt(path, reason): return .corrupt(path: path, reason: reason)
        case let .found(o): obj = o
        }
        guard let access = obj["accessToken"] as? String, !access.isEmpty else {
            return .corrupt(path: p, reason: "no accessToken in the token file")
        }
        guard let exp = obj["expiresAt"] as? String else {
            return .corrupt(path: p, reason: "no expiresAt in the token file")
        }
        guard let expiresAt = AWSTime.parse(exp) else {
            return .corrupt(path: p, reason: "expiresAt is not a timestamp with a time zone")
        }
        return .found(SSOToken(
            startUrl: obj["startUrl"] as? String ?? "", region: obj["region"] as? String ?? "",
            accessToken: access, expiresAt: expiresAt,
            clientId: obj["clientId"] as? String, clientSecret: obj["clientSecret"] as? String,
            registrationExpiresAt: (obj["registrationExpiresAt"] as? String).flatMap(AWSTime.parse),
            refreshToken: obj["refreshToken"] as? String))
    }

    /// Writes a token file the way CLI v2 login / botocore refresh do (field order, `...Z`
    /// timestamps; optional fields only when present), atomically, mode 0600.
    public func saveToken(_ t: SSOToken, key: String) throws {
        var fields: [(String, PyJSON)] = [
            ("startUrl", .string(t.startUrl)), ("region", .string(t.region)),
            ("accessToken", .string(t.accessToken)), ("expiresAt", .string(AWSTime.format(t.expiresAt))),
        ]
        if let v = t.clientId { fields.append(("clientId", .string(v))) }
        if let v = t.clientSecret { fields.append(("clientSecret", .string(v))) }
        if let v = t.registrationExpiresAt { fields.append(("registrationExpiresAt", .string(AWSTime.format(v)))) }
        if let v = t.refreshToken { fields.append(("refreshToken", .string(v))) }
        try write(PyJSON.object(fields), key: key)
    }

    /// Deletes one token file (missing is fine).
    public func deleteToken(key: String) throws {
        try Self.remove(path(forKey: key))
    }

    /// Deletes every file in the directory that is a token (JSON with `accessToken`), keeping
    /// registrations and unreadable files, as `aws sso logout` does. Returns the deleted paths.
    @discardableResult
    public func deleteAllTokens() throws -> [String] {
        var deleted: [String] = []
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.hasSuffix(".json") {
            let p = (directory as NSString).appendingPathComponent(name)
            if case let .found(o) = Self.readObject(p), o["accessToken"] != nil {
                try Self.remove(p)
                deleted.append(p)
            }
        }
        return deleted
    }

    // MARK: Client registrations

    /// Reads a cached client registration (`clientId`, `clientSecret`, `expiresAt`, optional
    /// `scopes` and `grantTypes`).
    public func loadRegistration(key: String) -> RegistrationLoad {
        let p = path(forKey: key)
        let obj: [String: Any]
        switch Self.readObject(p) {
        case .missing: return .missing
        case let .corrupt(path, reason): return .corrupt(path: path, reason: reason)
        case let .found(o): obj = o
        }
        guard let id = obj["clientId"] as? String, let secret = obj["clientSecret"] as? String else {
            return .corrupt(path: p, reason: "no clientId/clientSecret in the registration file")
        }
        guard let e = obj["expiresAt"] as? String, let exp = AWSTime.parse(e) else {
            return .corrupt(path: p, reason: "expiresAt missing or not a timestamp with a time zone")
        }
        return .found(ClientRegistration(clientId: id, clientSecret: secret, expiresAt: exp,
                                         scopes: obj["scopes"] as? [String], grantTypes: obj["grantTypes"] as? [String]))
    }

    /// Writes a registration as CLI v2 does: `clientId`, `clientSecret`, `expiresAt`, then
    /// `scopes` and `grantTypes` when present.
    public func saveRegistration(_ r: ClientRegistration, key: String) throws {
        var fields: [(String, PyJSON)] = [
            ("clientId", .string(r.clientId)), ("clientSecret", .string(r.clientSecret)),
            ("expiresAt", .string(AWSTime.format(r.expiresAt))),
        ]
        if let s = r.scopes { fields.append(("scopes", .array(s.map(PyJSON.string)))) }
        if let g = r.grantTypes { fields.append(("grantTypes", .array(g.map(PyJSON.string)))) }
        try write(PyJSON.object(fields), key: key)
    }

    public func deleteRegistration(key: String) throws {
        try Self.remove(path(forKey: key))
    }

    // MARK: Shared

    func write(_ json: PyJSON, key: String) throws {
        try AtomicFile.makeDirectories(directory, mode: 0o700)
        try AtomicFile.write(Data(json.dumps().utf8), to: path(forKey: key), mode: 0o600)
    }

    static func remove(_ p: String) throws {
        if unlink(p) != 0 && errno != ENOENT { throw FileError.errno(p, "cannot delete") }
    }

    /// Reads a JSON object file. Reasons never include file contents (they hold secrets).
    static func readObject(_ p: String) -> ObjectRead {
        let data: Data
        do {
            guard let d = try AtomicFile.read(p) else { return .missing }
            data = d
        } catch let e as FileError {
            return .corrupt(path: p, reason: e.reason)
        } catch {
            return .corrupt(path: p, reason: "unreadable")
        }
        if data.isEmpty { return .corrupt(path: p, reason: "empty file") }
        guard let any = try? JSONSerialization.jsonObject(with: data, options: []) else {
            return .corrupt(path: p, reason: "not valid JSON (half-written?)")
        }
        guard let obj = any as? [String: Any] else { return .corrupt(path: p, reason: "not a JSON object") }
        return .found(obj)
    }
}

/// The raw result of reading a JSON object file (internal; `[String: Any]` is not Sendable).
enum ObjectRead {
    case missing
    case corrupt(path: String, reason: String)
    case found([String: Any])
}

/// `~/.aws/cli/cache`: role credentials as CLI v2 caches them for SSO profiles (docs/protocol.md §5.5).
public struct RoleCredentialCache: Sendable {
    public var directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// `HOME/.aws/cli/cache`.
    public static func `default`(home: String) -> RoleCredentialCache {
        RoleCredentialCache(directory: (home as NSString).appendingPathComponent(".aws/cli/cache"))
    }

    /// sha1 of `json.dumps(args, sort_keys=True, separators=(',', ':'))` with
    /// `args = {accountId, roleName, sessionName}` (or `startUrl` instead of `sessionName` for
    /// legacy profiles).
    public static func key(accountId: String, roleName: String, sessionName: String?, startURL: String?) -> String {
        SHA1Hex.of(keyText(accountId: accountId, roleName: roleName, sessionName: sessionName, startURL: startURL))
    }

    static func keyText(accountId: String, roleName: String, sessionName: String?, startURL: String?) -> String {
        var args: [(String, PyJSON)] = [("accountId", .string(accountId)), ("roleName", .string(roleName))]
        if let s = sessionName { args.append(("sessionName", .string(s))) } else { args.append(("startUrl", .string(startURL ?? ""))) }
        return PyJSON.object(args).dumps(sortKeys: true, compact: true)
    }

    public func path(forKey key: String) -> String {
        (directory as NSString).appendingPathComponent("\(key).json")
    }

    /// Reads cached credentials (`{"ProviderType": "sso", "Credentials": {...}}`).
    public func load(key: String) -> CacheLoad<RoleCredentials> {
        let p = path(forKey: key)
        let obj: [String: Any]
        switch SSOCache.readObject(p) {
        case .missing: return .missing
        case let .corrupt(path, reason): return .corrupt(path: path, reason: reason)
        case let .found(o): obj = o
        }
        guard let c = obj["Credentials"] as? [String: Any], let ak = c["AccessKeyId"] as? String,
              let sk = c["SecretAccessKey"] as? String, let st = c["SessionToken"] as? String else {
            return .corrupt(path: p, reason: "no Credentials in the cache file")
        }
        guard let e = c["Expiration"] as? String, let exp = AWSTime.parse(e) else {
            return .corrupt(path: p, reason: "Expiration missing or unreadable")
        }
        return .found(RoleCredentials(accessKeyId: ak, secretAccessKey: sk, sessionToken: st,
                                      expiration: exp, accountId: c["AccountId"] as? String))
    }

    /// Writes credentials as CLI v2 does, atomically, 0600 (directory 0700).
    public func save(_ r: RoleCredentials, key: String) throws {
        var creds: [(String, PyJSON)] = [
            ("AccessKeyId", .string(r.accessKeyId)), ("SecretAccessKey", .string(r.secretAccessKey)),
            ("SessionToken", .string(r.sessionToken)), ("Expiration", .string(AWSTime.format(r.expiration))),
        ]
        if let a = r.accountId { creds.append(("AccountId", .string(a))) }
        let json = PyJSON.object([("ProviderType", .string("sso")), ("Credentials", .object(creds))])
        try AtomicFile.makeDirectories(directory, mode: 0o700)
        try AtomicFile.write(Data(json.dumps().utf8), to: path(forKey: key), mode: 0o600)
    }

    /// Deletes every cached credential file with `"ProviderType": "sso"` (what `aws sso logout`
    /// does); other providers' files and unreadable files stay. Returns the deleted paths.
    @discardableResult
    public func deleteSSOEntries() throws -> [String] {
        var deleted: [String] = []
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.hasSuffix(".json") {
            let p = (directory as NSString).appendingPathComponent(name)
            if case let .found(o) = SSOCache.readObject(p), o["ProviderType"] as? String == "sso" {
                try SSOCache.remove(p)
                deleted.append(p)
            }
        }
        return deleted
    }
}
