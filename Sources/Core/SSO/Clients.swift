import Foundation

/// The User-Agent we send: product/version plus the platform.
public enum UserAgent {
    public static let value = "aws-sso-tui/\(CoreVersion.string) os/linux md/sso#auth"
}

/// RFC 3986 percent-encoding with the unreserved set `A-Z a-z 0-9 - _ . ~` (as botocore and the
/// CLI encode query strings; a space becomes `%20`).
public func percentEncode(_ s: String) -> String {
    var out = ""
    for b in s.utf8 {
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
             UInt8(ascii: "."), UInt8(ascii: "~"):
            out.unicodeScalars.append(Unicode.Scalar(b))
        default:
            out += String(format: "%%%02X", b)
        }
    }
    return out
}

func queryString(_ items: [(String, String?)]) -> String {
    let parts = items.compactMap { k, v in v.map { "\(percentEncode(k))=\(percentEncode($0))" } }
    return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
}

/// Shared request/response handling for the two JSON services.
struct JSONCaller: Sendable {
    let transport: any HTTPTransport
    let baseURL: String
    /// Seconds for one try.
    let timeout: Double
    var policy = RetryPolicy()

    /// Sends the request and returns the decoded JSON object of a 2xx response.
    /// Non-2xx: ``SSOClientError/service``. 2xx with a body that is not a JSON object
    /// (empty, truncated, HTML): ``SSOClientError/badResponse`` — never an empty result.
    func call(_ op: String, method: String, path: String, headers: [(String, String)] = [],
              json: [String: Any]? = nil, expectBody: Bool = true) async throws -> [String: Any] {
        var hs = headers
        var body: Data? = nil
        if let json {
            body = try? JSONSerialization.data(withJSONObject: json, options: [.sortedKeys, .withoutEscapingSlashes])
            hs.append(("Content-Type", "application/json"))
        }
        hs.append(("User-Agent", UserAgent.value))
        hs.append(("amz-sdk-invocation-id", UUID().uuidString.lowercased()))
        // Each try ends by the operation's deadline (an outer retry layer's, else our own); a
        // try that gets no answer in time is retried at most `timeoutRetries` times.
        let started = Date()
        let deadline = OperationDeadline.current ?? started.addingTimeInterval(policy.deadline)
        var tries = 0
        let res: HTTPResponse
        while true {
            let left = deadline.timeIntervalSinceNow
            tries += 1
            do {
                res = try await transport.send(HTTPRequest(method: method, url: baseURL + path, headers: hs,
                                                           body: body, timeout: max(0.001, min(timeout, left))))
                break
            } catch let e as TransportError {
                if e == .cancelled { throw CancellationError() }
                if case .timeout(let host, _) = e {
                    if tries <= policy.timeoutRetries && deadline.timeIntervalSinceNow > 0.05 { continue }
                    throw SSOClientError.transport(operation: op, .noAnswer(host: host, tries: tries,
                                                                            seconds: Date().timeIntervalSince(started)))
                }
                throw SSOClientError.transport(operation: op, e)
            }
        }
        guard (200..<300).contains(res.status) else {
            throw SSOClientError.service(ServiceError.from(status: res.status, headers: res.headers,
                                                            body: res.body, operation: op))
        }
        if !expectBody { return [:] }
        guard !res.body.isEmpty else { throw SSOClientError.badResponse(operation: op, detail: "empty body (HTTP \(res.status))") }
        guard let obj = try? JSONSerialization.jsonObject(with: res.body), let dict = obj as? [String: Any] else {
            throw SSOClientError.badResponse(operation: op,
                                             detail: ServiceError.describeNonJSON(body: res.body, headers: res.headers))
        }
        return dict
    }
}

func str(_ d: [String: Any], _ k: String, _ op: String) throws -> String {
    guard let v = d[k] as? String, !v.isEmpty else {
        throw SSOClientError.badResponse(operation: op, detail: "missing \(k)")
    }
    return v
}

func num(_ d: [String: Any], _ k: String) -> Double? {
    if let n = d[k] as? NSNumber, !(d[k] is Bool) { return n.doubleValue }
    return nil
}

/// The last second of year 9999: epoch times past it are refused as out of range.
let maxEpochSeconds: Double = 253_402_300_799

/// A whole number of seconds from a response, range-checked (a server's `1e300` must give a
/// clear error, never a crash converting it to Int). nil when absent.
func wholeSeconds(_ d: [String: Any], _ k: String, _ op: String, max: Double = 10 * 366 * 86400) throws -> Int? {
    guard let v = num(d, k) else { return nil }
    guard v.isFinite, v >= 0, v <= max else {
        throw SSOClientError.badResponse(operation: op, detail: "\(k) out of range")
    }
    return Int(v)
}

// MARK: - OIDC

/// A device authorization from StartDeviceAuthorization.
public struct DeviceAuthorization: Sendable, Equatable {
    public var deviceCode: String
    public var userCode: String
    public var verificationUri: String
    public var verificationUriComplete: String
    public var expiresIn: Int
    /// Seconds between polls; nil when the service gave none (use 5).
    public var interval: Int?

    public init(deviceCode: String, userCode: String, verificationUri: String,
                verificationUriComplete: String, expiresIn: Int, interval: Int?) {
        self.deviceCode = deviceCode
        self.userCode = userCode
        self.verificationUri = verificationUri
        self.verificationUriComplete = verificationUriComplete
        self.expiresIn = expiresIn
        self.interval = interval
    }
}

/// A CreateToken result.
public struct TokenGrant: Sendable, Equatable {
    public var accessToken: String
    public var expiresIn: Int
    public var refreshToken: String?
    public var tokenType: String?

    public init(accessToken: String, expiresIn: Int, refreshToken: String? = nil, tokenType: String? = "Bearer") {
        self.accessToken = accessToken
        self.expiresIn = expiresIn
        self.refreshToken = refreshToken
        self.tokenType = tokenType
    }
}

/// What CreateToken is asked for.
public enum TokenRequest: Sendable, Equatable {
    case deviceCode(String)
    case refreshToken(String)
    case authorizationCode(code: String, redirectUri: String, codeVerifier: String)
}

/// The `sso-oidc` operations. Errors are ``SSOClientError``; cancellation is `CancellationError`.
public protocol OIDCAPI: Sendable {
    func registerClient(name: String, scopes: [String]?, grantTypes: [String]?, redirectUris: [String]?,
                        issuerUrl: String?) async throws -> ClientRegistration
    func startDeviceAuthorization(clientId: String, clientSecret: String, startUrl: String) async throws -> DeviceAuthorization
    func createToken(clientId: String, clientSecret: String, _ request: TokenRequest) async throws -> TokenGrant
}

/// ``OIDCAPI`` over HTTP (rest-json, unsigned).
///
/// ```swift
/// let oidc = OIDCClient(transport: CurlTransport(), baseURL: "https://oidc.us-east-1.amazonaws.com")
/// let reg = try await oidc.registerClient(name: "botocore-client-my-sso", scopes: ["sso:account:access"],
///                                         grantTypes: nil, redirectUris: nil, issuerUrl: nil)
/// ```
public struct OIDCClient: OIDCAPI {
    let caller: JSONCaller
    let now: @Sendable () -> Date

    public init(transport: any HTTPTransport, baseURL: String, timeout: Double = 30, policy: RetryPolicy = RetryPolicy(),
                now: @escaping @Sendable () -> Date = Date.init) {
        caller = JSONCaller(transport: transport, baseURL: baseURL, timeout: timeout, policy: policy)
        self.now = now
    }

    public func registerClient(name: String, scopes: [String]?, grantTypes: [String]?, redirectUris: [String]?,
                               issuerUrl: String?) async throws -> ClientRegistration {
        var body: [String: Any] = ["clientName": name, "clientType": "public"]
        if let scopes { body["scopes"] = scopes }
        if let grantTypes { body["grantTypes"] = grantTypes }
        if let redirectUris { body["redirectUris"] = redirectUris }
        if let issuerUrl { body["issuerUrl"] = issuerUrl }
        let op = "RegisterClient"
        let d = try await caller.call(op, method: "POST", path: "/client/register", json: body)
        guard let exp = num(d, "clientSecretExpiresAt"), exp.isFinite, (0...maxEpochSeconds).contains(exp) else {
            throw SSOClientError.badResponse(operation: op, detail: "missing clientSecretExpiresAt")
        }
        return ClientRegistration(clientId: try str(d, "clientId", op), clientSecret: try str(d, "clientSecret", op),
                                  expiresAt: Date(timeIntervalSince1970: exp), scopes: scopes, grantTypes: grantTypes)
    }

    public func startDeviceAuthorization(clientId: String, clientSecret: String, startUrl: String) async throws -> DeviceAuthorization {
        let op = "StartDeviceAuthorization"
        let d = try await caller.call(op, method: "POST", path: "/device_authorization",
                                      json: ["clientId": clientId, "clientSecret": clientSecret, "startUrl": startUrl])
        guard let expiresIn = try wholeSeconds(d, "expiresIn", op) else {
            throw SSOClientError.badResponse(operation: op, detail: "missing expiresIn")
        }
        let uri = try str(d, "verificationUri", op)
        return DeviceAuthorization(deviceCode: try str(d, "deviceCode", op), userCode: try str(d, "userCode", op),
                                   verificationUri: uri,
                                   verificationUriComplete: (d["verificationUriComplete"] as? String) ?? uri,
                                   expiresIn: expiresIn, interval: try wholeSeconds(d, "interval", op, max: 3600))
    }

    public func createToken(clientId: String, clientSecret: String, _ request: TokenRequest) async throws -> TokenGrant {
        var body: [String: Any] = ["clientId": clientId, "clientSecret": clientSecret]
        switch request {
        case .deviceCode(let c):
            body["grantType"] = "urn:ietf:params:oauth:grant-type:device_code"; body["deviceCode"] = c
        case .refreshToken(let r):
            body["grantType"] = "refresh_token"; body["refreshToken"] = r
        case .authorizationCode(let code, let redirect, let verifier):
            body["grantType"] = "authorization_code"; body["code"] = code
            body["redirectUri"] = redirect; body["codeVerifier"] = verifier
        }
        let op = "CreateToken"
        let d = try await caller.call(op, method: "POST", path: "/token", json: body)
        guard let expiresIn = try wholeSeconds(d, "expiresIn", op) else {
            throw SSOClientError.badResponse(operation: op, detail: "missing expiresIn")
        }
        return TokenGrant(accessToken: try str(d, "accessToken", op), expiresIn: expiresIn,
                          refreshToken: d["refreshToken"] as? String, tokenType: d["tokenType"] as? String)
    }
}

// MARK: - Portal

/// One page of a paginated listing.
public struct Page<Item: Sendable & Equatable>: Sendable, Equatable {
    public var items: [Item]
    public var nextToken: String?
    public init(items: [Item], nextToken: String?) { self.items = items; self.nextToken = nextToken }
}

/// The `sso` portal operations. Errors are ``SSOClientError``; cancellation is `CancellationError`.
public protocol PortalAPI: Sendable {
    func listAccounts(accessToken: String, nextToken: String?, maxResults: Int) async throws -> Page<Account>
    func listAccountRoles(accessToken: String, accountId: String, nextToken: String?, maxResults: Int) async throws -> Page<AccountRole>
    func getRoleCredentials(accessToken: String, accountId: String, roleName: String) async throws -> RoleCredentials
    func logout(accessToken: String) async throws
}

/// ``PortalAPI`` over HTTP: the bearer token goes in `x-amz-sso_bearer_token`.
public struct PortalClient: PortalAPI {
    let caller: JSONCaller
    /// The largest page the service accepts.
    public static let maxPageSize = 100

    public init(transport: any HTTPTransport, baseURL: String, timeout: Double = 30, policy: RetryPolicy = RetryPolicy()) {
        caller = JSONCaller(transport: transport, baseURL: baseURL, timeout: timeout, policy: policy)
    }

    /// The retry policy this client's calls follow (listings use it for their own retries).
    public var policy: RetryPolicy { caller.policy }

    private func auth(_ token: String) -> [(String, String)] { [("x-amz-sso_bearer_token", token)] }

    public func listAccounts(accessToken: String, nextToken: String?, maxResults: Int = maxPageSize) async throws -> Page<Account> {
        let op = "ListAccounts"
        let d = try await caller.call(op, method: "GET",
                                      path: "/assignment/accounts" + queryString([("max_result", String(maxResults)), ("next_token", nextToken)]),
                                      headers: auth(accessToken))
        guard let list = d["accountList"] as? [[String: Any]] else {
            throw SSOClientError.badResponse(operation: op, detail: "missing accountList")
        }
        let accounts = try list.map { a in
            Account(accountId: try str(a, "accountId", op), accountName: a["accountName"] as? String,
                    emailAddress: a["emailAddress"] as? String)
        }
        return Page(items: accounts, nextToken: (d["nextToken"] as? String).flatMap { $0.isEmpty ? nil : $0 })
    }

    public func listAccountRoles(accessToken: String, accountId: String, nextToken: String?, maxResults: Int = maxPageSize) async throws -> Page<AccountRole> {
        let op = "ListAccountRoles"
        let q = queryString([("account_id", accountId), ("max_result", String(maxResults)), ("next_token", nextToken)])
        let d = try await caller.call(op, method: "GET", path: "/assignment/roles" + q, headers: auth(accessToken))
        guard let list = d["roleList"] as? [[String: Any]] else {
            throw SSOClientError.badResponse(operation: op, detail: "missing roleList")
        }
        let roles = try list.map { r in
            AccountRole(accountId: (r["accountId"] as? String) ?? accountId, roleName: try str(r, "roleName", op))
        }
        return Page(items: roles, nextToken: (d["nextToken"] as? String).flatMap { $0.isEmpty ? nil : $0 })
    }

    public func getRoleCredentials(accessToken: String, accountId: String, roleName: String) async throws -> RoleCredentials {
        let op = "GetRoleCredentials"
        let d = try await caller.call(op, method: "GET",
                                      path: "/federation/credentials" + queryString([("role_name", roleName), ("account_id", accountId)]),
                                      headers: auth(accessToken))
        guard let c = d["roleCredentials"] as? [String: Any], let expMs = num(c, "expiration"), expMs.isFinite,
              (0...maxEpochSeconds * 1000).contains(expMs) else {
            throw SSOClientError.badResponse(operation: op, detail: "missing roleCredentials")
        }
        return RoleCredentials(accessKeyId: try str(c, "accessKeyId", op), secretAccessKey: try str(c, "secretAccessKey", op),
                               sessionToken: try str(c, "sessionToken", op),
                               expiration: Date(timeIntervalSince1970: (expMs / 1000).rounded(.down)), accountId: accountId)
    }

    public func logout(accessToken: String) async throws {
        _ = try await caller.call("Logout", method: "POST", path: "/logout", headers: auth(accessToken), expectBody: false)
    }
}
