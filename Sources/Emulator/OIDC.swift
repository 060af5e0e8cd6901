import Foundation
import Hummingbird
import HTTPTypes

/// The parts of a request the handlers look at.
struct Incoming: Sendable {
    var method: String
    var path: String
    var query: [(String, String)]
    var headers: HTTPFields
    var body: Data

    func query(_ name: String) -> String? { query.first { $0.0 == name }?.1 }

    func header(_ name: String) -> String? {
        guard let n = HTTPField.Name(name) else { return nil }
        return headers[n]
    }

    /// Form fields from an `application/x-www-form-urlencoded` body, then the query.
    var formAndQuery: [(String, String)] {
        let bodyText = String(decoding: body, as: UTF8.self)
        return parseForm(bodyText[...]) + query
    }
}

/// A JSON request body for an OIDC operation, with typed accessors that report model violations.
struct JSONBody {
    let dict: [String: Any]

    init?(_ data: Data) {
        if data.isEmpty { dict = [:]; return }
        guard let obj = try? JSONSerialization.jsonObject(with: data), let d = obj as? [String: Any] else {
            return nil
        }
        dict = d
    }

    enum FieldError: Error { case wrongType(String), missing(String) }

    func string(_ key: String, required: Bool = false) throws(FieldError) -> String? {
        guard let v = dict[key], !(v is NSNull) else {
            if required { throw .missing(key) }
            return nil
        }
        guard let s = v as? String else { throw .wrongType(key) }
        if required && s.isEmpty { throw .missing(key) }
        return s
    }

    func strings(_ key: String) throws(FieldError) -> [String]? {
        guard let v = dict[key], !(v is NSNull) else { return nil }
        guard let a = v as? [Any] else { throw .wrongType(key) }
        var out: [String] = []
        for item in a {
            guard let s = item as? String else { throw .wrongType(key) }
            out.append(s)
        }
        return out
    }
}

private func fieldErrorReply(_ e: JSONBody.FieldError) -> Reply {
    switch e {
    case .missing(let k): return .oidcError(.invalidRequest, "Missing required parameter: \(k)")
    case .wrongType(let k): return .oidcError(.invalidRequest, "Invalid type for parameter: \(k)")
    }
}

let grantDeviceCode = "urn:ietf:params:oauth:grant-type:device_code"
let grantRefresh = "refresh_token"
let grantAuthCode = "authorization_code"
let knownGrantTypes: Set<String> = [grantDeviceCode, grantRefresh, grantAuthCode]

/// `http://127.0.0.1[:port]/path` or `http://localhost[:port]/path` (RFC 8252 loopback redirect).
struct LoopbackURI {
    var host: String
    var port: Int?
    var path: String

    init?(_ s: String) {
        guard let u = URLComponents(string: s), u.scheme == "http", let h = u.host,
              ["127.0.0.1", "localhost", "[::1]", "::1"].contains(h), u.fragment == nil
        else { return nil }
        host = h
        port = u.port
        path = u.path.isEmpty ? "/" : u.path
    }
}

extension Server {
    // MARK: RegisterClient

    func registerClient(_ req: Incoming) -> Reply {
        guard let body = JSONBody(req.body) else { return .oidcError(.invalidRequest, "Invalid request body") }
        let clientName, clientType: String
        let scopes, grantTypes, redirectUris: [String]?
        let issuerUrl: String?
        do {
            clientName = try body.string("clientName", required: true)!
            clientType = try body.string("clientType", required: true)!
            scopes = try body.strings("scopes")
            grantTypes = try body.strings("grantTypes")
            redirectUris = try body.strings("redirectUris")
            issuerUrl = try body.string("issuerUrl")
            _ = try body.string("entitledApplicationArn")
        } catch {
            return fieldErrorReply(error)
        }
        guard clientType == "public" else {
            return .oidcError(.invalidClientMetadata, "Invalid client type: \(clientType). Only public clients are supported")
        }
        guard !clientName.isEmpty, clientName.count <= 256 else {
            return .oidcError(.invalidClientMetadata, "Invalid client name")
        }
        for s in scopes ?? [] where s.isEmpty || s.contains(where: { $0.isWhitespace }) || !s.contains(":") {
            return .oidcError(.invalidScope, "Invalid scope: \(s)")
        }
        for g in grantTypes ?? [] where !knownGrantTypes.contains(g) {
            return .oidcError(.unsupportedGrantType, "Unsupported grant type: \(g)")
        }
        for u in redirectUris ?? [] where LoopbackURI(u) == nil {
            return .oidcError(.invalidRedirectUri, "Invalid redirect URI: \(u)")
        }
        if let g = grantTypes, g.contains(grantAuthCode) {
            guard let r = redirectUris, !r.isEmpty else {
                return .oidcError(.invalidRedirectUri, "redirectUris are required for the authorization_code grant")
            }
            guard let i = issuerUrl, !i.isEmpty else {
                return .oidcError(.invalidRequest, "issuerUrl is required for the authorization_code grant")
            }
        }
        if let i = issuerUrl, URLComponents(string: i)?.scheme == nil {
            return .oidcError(.invalidRequest, "Invalid issuerUrl")
        }

        let now = nowSeconds()
        let reg = Registration(
            clientId: RandomText.string(22, from: RandomText.base64url) + "LXVzLWVhc3QtMQ",
            clientSecret: "eyJraWQiOiJlbXVsYXRvciJ9." + RandomText.string(120, from: RandomText.base64url),
            clientName: clientName, scopes: scopes ?? [], grantTypes: grantTypes,
            redirectUris: redirectUris ?? [], issuedAt: now.rounded(.down),
            expiresAt: (now + Double(store.config.registrationTTL)).rounded(.down))
        store.state.withLock { $0.registrations[reg.clientId] = reg }

        var o = JSONObject()
        o.add("clientId", string: reg.clientId)
        o.add("clientSecret", string: reg.clientSecret)
        o.add("clientIdIssuedAt", int: Int64(reg.issuedAt))
        o.add("clientSecretExpiresAt", int: Int64(reg.expiresAt))
        return .json(o.encoded)
    }

    /// Checks clientId/clientSecret. nil means OK.
    private func checkClient(_ s: MutableState, _ clientId: String, _ secret: String, now: Double) -> Reply? {
        guard let reg = s.registrations[clientId] else {
            return .oidcError(.invalidClient, "Invalid client provided")
        }
        guard reg.clientSecret == secret else {
            return .oidcError(.invalidClient, "Invalid client provided")
        }
        guard now < reg.expiresAt else {
            return .oidcError(.invalidClient, "Client registration has expired")
        }
        return nil
    }

    // MARK: StartDeviceAuthorization

    func startDeviceAuthorization(_ req: Incoming) -> Reply {
        guard let body = JSONBody(req.body) else { return .oidcError(.invalidRequest, "Invalid request body") }
        let clientId, clientSecret, startUrl: String
        do {
            clientId = try body.string("clientId", required: true)!
            clientSecret = try body.string("clientSecret", required: true)!
            startUrl = try body.string("startUrl", required: true)!
        } catch {
            return fieldErrorReply(error)
        }
        guard let u = URLComponents(string: startUrl), let scheme = u.scheme, ["https", "http"].contains(scheme),
              u.host?.isEmpty == false
        else {
            return .oidcError(.invalidRequest, "Invalid start URL")
        }
        let now = nowSeconds()
        let base = store.base
        let ttl = Double(store.config.deviceCodeTTL)
        let result: Result<DeviceAuthorization, ReplyError> = store.state.withLock { s in
            if let err = checkClient(s, clientId, clientSecret, now: now) { return .failure(ReplyError(err)) }
            if let g = s.registrations[clientId]?.grantTypes, !g.contains(grantDeviceCode) {
                return .failure(ReplyError(.oidcError(.unauthorizedClient, "Client is not authorized for the device code grant")))
            }
            var userCode = RandomText.userCode()
            while s.deviceByUserCode[userCode] != nil || s.pkceByUserCode[userCode] != nil {
                userCode = RandomText.userCode()
            }
            let d = DeviceAuthorization(
                deviceCode: "emudev" + RandomText.string(60, from: RandomText.base64url), userCode: userCode,
                clientId: clientId, startUrl: startUrl, createdAt: now, expiresAt: now + ttl,
                status: .pending, lastPoll: nil)
            s.devices[d.deviceCode] = d
            s.deviceByUserCode[userCode] = d.deviceCode
            return .success(d)
        }
        switch result {
        case .failure(let e): return e.reply
        case .success(let d):
            var o = JSONObject()
            o.add("deviceCode", string: d.deviceCode)
            o.add("userCode", string: d.userCode)
            o.add("verificationUri", string: base + "/device")
            o.add("verificationUriComplete", string: base + "/device?user_code=" + d.userCode)
            o.add("expiresIn", int: Int64(store.config.deviceCodeTTL))
            o.add("interval", int: Int64(store.config.pollInterval))
            return .json(o.encoded)
        }
    }

    // MARK: CreateToken

    func createToken(_ req: Incoming) -> Reply {
        guard let body = JSONBody(req.body) else { return .oidcError(.invalidRequest, "Invalid request body") }
        let clientId, clientSecret, grantType: String
        let deviceCode, code, refreshToken, redirectUri, codeVerifier: String?
        do {
            clientId = try body.string("clientId", required: true)!
            clientSecret = try body.string("clientSecret", required: true)!
            grantType = try body.string("grantType", required: true)!
            deviceCode = try body.string("deviceCode")
            code = try body.string("code")
            refreshToken = try body.string("refreshToken")
            redirectUri = try body.string("redirectUri")
            codeVerifier = try body.string("codeVerifier")
            _ = try body.strings("scope")
        } catch {
            return fieldErrorReply(error)
        }
        let now = nowSeconds()
        let mono = monotonicSeconds()
        let ttl = store.config.tokenTTL
        let interval = Double(store.config.pollInterval)

        struct Issued { var access: String; var refresh: String? }
        let result: Result<Issued, ReplyError> = store.state.withLock { s in
            if let err = checkClient(s, clientId, clientSecret, now: now) { return .failure(ReplyError(err)) }
            let reg = s.registrations[clientId]!
            guard knownGrantTypes.contains(grantType) else {
                return .failure(ReplyError(.oidcError(.unsupportedGrantType, "Unsupported grant type: \(grantType)")))
            }
            let allowed = reg.grantTypes ?? [grantDeviceCode, grantRefresh]
            guard allowed.contains(grantType) else {
                return .failure(ReplyError(.oidcError(.unauthorizedClient, "Client is not authorized for grant type \(grantType)")))
            }

            switch grantType {
            case grantDeviceCode:
                guard let dc = deviceCode, !dc.isEmpty else {
                    return .failure(ReplyError(.oidcError(.invalidRequest, "Missing required parameter: deviceCode")))
                }
                guard var d = s.devices[dc], d.clientId == clientId else {
                    return .failure(ReplyError(.oidcError(.invalidGrant, "Invalid device code provided")))
                }
                let status = store.effectiveStatus(d, now: now)
                if status == .consumed {
                    return .failure(ReplyError(.oidcError(.invalidGrant, "Device code has already been used")))
                }
                if now >= d.expiresAt {
                    return .failure(ReplyError(.oidcError(.expiredToken, "Device code has expired")))
                }
                if status == .denied {
                    return .failure(ReplyError(.oidcError(.accessDenied, "The user denied the authorization request")))
                }
                let last = d.lastPoll
                d.lastPoll = mono
                if status == .pending {
                    s.devices[dc] = d
                    // A small tolerance for scheduling jitter; a client that honours `interval` never trips it.
                    if let last, mono - last < interval - 0.02 {
                        return .failure(ReplyError(.oidcError(.slowDown, "Client is polling too quickly")))
                    }
                    return .failure(ReplyError(.oidcError(.authorizationPending, "Authorization is still pending")))
                }
                d.status = .consumed
                s.devices[dc] = d
                let t = store.issueTokens(&s, clientId: clientId, sessionId: nil, scopes: reg.scopes,
                                          withRefresh: !reg.scopes.isEmpty, now: now)
                return .success(Issued(access: t.access, refresh: t.refresh))

            case grantRefresh:
                guard let rt = refreshToken, !rt.isEmpty else {
                    return .failure(ReplyError(.oidcError(.invalidRequest, "Missing required parameter: refreshToken")))
                }
                guard let info = s.refreshTokens[rt], info.clientId == clientId else {
                    return .failure(ReplyError(.oidcError(.invalidGrant, "Invalid refresh token provided")))
                }
                s.refreshTokens[rt] = nil
                let t = store.issueTokens(&s, clientId: clientId, sessionId: info.sessionId, scopes: info.scopes, withRefresh: true, now: now)
                return .success(Issued(access: t.access, refresh: t.refresh))

            default:  // authorization_code
                guard let c = code, !c.isEmpty else {
                    return .failure(ReplyError(.oidcError(.invalidRequest, "Missing required parameter: code")))
                }
                guard let ru = redirectUri, !ru.isEmpty else {
                    return .failure(ReplyError(.oidcError(.invalidRequest, "Missing required parameter: redirectUri")))
                }
                guard let cv = codeVerifier, !cv.isEmpty else {
                    return .failure(ReplyError(.oidcError(.invalidRequest, "Missing required parameter: codeVerifier")))
                }
                guard var ac = s.authCodes[c], ac.clientId == clientId, !ac.used else {
                    return .failure(ReplyError(.oidcError(.invalidGrant, "Invalid authorization code provided")))
                }
                if now >= ac.expiresAt {
                    return .failure(ReplyError(.oidcError(.expiredToken, "Authorization code has expired")))
                }
                guard ac.redirectUri == ru else {
                    return .failure(ReplyError(.oidcError(.invalidGrant, "Redirect URI does not match the authorization request")))
                }
                guard pkceChallenge(forVerifier: cv) == ac.codeChallenge else {
                    return .failure(ReplyError(.oidcError(.invalidGrant, "Code verifier does not match the code challenge")))
                }
                ac.used = true
                s.authCodes[c] = ac
                let t = store.issueTokens(&s, clientId: clientId, sessionId: nil, scopes: ac.scopes, withRefresh: true, now: now)
                return .success(Issued(access: t.access, refresh: t.refresh))
            }
        }
        switch result {
        case .failure(let e): return e.reply
        case .success(let issued):
            var o = JSONObject()
            o.add("accessToken", string: issued.access)
            o.add("tokenType", string: "Bearer")
            o.add("expiresIn", int: Int64(ttl))
            o.add("refreshToken", string: issued.refresh)
            return .json(o.encoded)
        }
    }
}

/// Carries a ready error reply out of a locked section.
struct ReplyError: Error {
    var reply: Reply
    init(_ reply: Reply) { self.reply = reply }
}
