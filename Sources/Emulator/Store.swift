import Foundation
import Synchronization

struct Registration: Sendable {
    var clientId: String
    var clientSecret: String
    var clientName: String
    var scopes: [String]
    /// nil when the client did not ask for specific grant types (then device code + refresh are allowed).
    var grantTypes: [String]?
    var redirectUris: [String]
    var issuedAt: Double
    var expiresAt: Double
}

enum ApprovalStatus: String, Sendable {
    case pending, approved, denied, consumed
}

struct DeviceAuthorization: Sendable {
    var deviceCode: String
    var userCode: String
    var clientId: String
    var startUrl: String
    var createdAt: Double
    var expiresAt: Double
    var status: ApprovalStatus
    /// Monotonic time of the last CreateToken poll, for slow_down.
    var lastPoll: Double?
}

struct PKCEAuthorization: Sendable {
    var requestId: String
    var userCode: String
    var clientId: String
    var redirectUri: String
    var state: String
    var codeChallenge: String
    var scopes: [String]
    var createdAt: Double
    var expiresAt: Double
    var status: ApprovalStatus
    /// Issued once approved.
    var code: String?
}

struct AuthCode: Sendable {
    var clientId: String
    var redirectUri: String
    var codeChallenge: String
    var scopes: [String]
    var expiresAt: Double
    var used: Bool
}

/// A sign-in session: one login, and every token refreshed from it. Logout ends it.
struct AccessTokenInfo: Sendable {
    var clientId: String
    var sessionId: String
    var expiresAt: Double
}

struct RefreshTokenInfo: Sendable {
    var clientId: String
    var sessionId: String
    var scopes: [String]
}

struct IssuedCredentials: Sendable {
    var accessKeyId: String
    var secretAccessKey: String
    var sessionToken: String
    var accountId: String
    var roleName: String
    var expiresAt: Double
}

struct SigninTokenInfo: Sendable {
    var accountId: String
    var roleName: String
    var expiresAt: Double
}

struct MutableState: Sendable {
    var org: Org
    var failure: FailureMode = .none
    /// nil = all API operations fail when a failure mode is set
    var failureOps: Set<Operation>? = nil

    var registrations: [String: Registration] = [:]
    var devices: [String: DeviceAuthorization] = [:]          // by device code
    var deviceByUserCode: [String: String] = [:]               // user code -> device code
    var pkce: [String: PKCEAuthorization] = [:]                // by request id
    var pkceByUserCode: [String: String] = [:]                 // user code -> request id
    var authCodes: [String: AuthCode] = [:]
    var accessTokens: [String: AccessTokenInfo] = [:]
    var refreshTokens: [String: RefreshTokenInfo] = [:]
    var credentials: [String: IssuedCredentials] = [:]         // by access key id
    var signinTokens: [String: SigninTokenInfo] = [:]
}

/// All shared state of the emulator, behind one mutex. Critical sections are short dictionary
/// operations; JSON is built outside the lock.
final class Store: Sendable {
    let config: EmulatorConfig
    let state: Mutex<MutableState>
    let baseURL: Mutex<String>
    let shuttingDown = Mutex<Bool>(false)
    let throttle: TokenBucket?
    let log: RequestLog
    /// Salt that makes pagination tokens opaque and unforgeable across runs.
    let tokenSalt: String = RandomText.string(16, from: RandomText.base64url)

    init(config: EmulatorConfig, org: Org, failure: FailureMode, failureOps: Set<Operation>?, log: RequestLog) {
        self.config = config
        var s = MutableState(org: org)
        s.failure = failure
        s.failureOps = failureOps
        self.state = Mutex(s)
        self.baseURL = Mutex("http://127.0.0.1")
        self.throttle = config.throttleRps.map { TokenBucket(rate: $0, burst: max(1, $0)) }
        self.log = log
    }

    var base: String { baseURL.withLock { $0 } }

    var org: Org { state.withLock { $0.org } }

    func setOrg(_ org: Org) { state.withLock { $0.org = org } }

    /// Whether this operation should misbehave now, and how.
    func failure(for op: Operation) -> FailureMode {
        state.withLock { s in
            guard s.failure != .none else { return .none }
            if let ops = s.failureOps, !ops.contains(op) { return .none }
            return s.failure
        }
    }

    func setFailure(_ mode: FailureMode, ops: Set<Operation>?) {
        state.withLock { s in
            s.failure = mode
            s.failureOps = ops
        }
    }

    /// Checks a bearer token; nil when unknown, revoked or expired.
    func validAccessToken(_ token: String?) -> AccessTokenInfo? {
        guard let token, !token.isEmpty else { return nil }
        let now = nowSeconds()
        return state.withLock { s in
            guard let info = s.accessTokens[token], info.expiresAt > now else { return nil }
            return info
        }
    }

    /// Effective status of a device authorization, applying --auto-approve-after lazily.
    func effectiveStatus(_ d: DeviceAuthorization, now: Double) -> ApprovalStatus {
        if d.status == .pending, let after = config.autoApproveAfter, now >= d.createdAt + after {
            return .approved
        }
        return d.status
    }

    /// Approve or deny by user code (device or PKCE). Returns a description of what was changed.
    enum Decision { case approve, deny }
    struct DecisionResult {
        var kind: String          // "device" or "pkce"
        var userCode: String
        var status: ApprovalStatus
        /// For PKCE: where the browser goes next.
        var redirect: String?
    }

    enum DecisionError: Error {
        case notFound
        case expired
        case alreadyDecided(ApprovalStatus)
    }

    func decide(userCode rawCode: String, _ decision: Decision) -> Result<DecisionResult, DecisionError> {
        let userCode = rawCode.uppercased().trimmingCharacters(in: .whitespaces)
        let now = nowSeconds()
        return state.withLock { s -> Result<DecisionResult, DecisionError> in
            if let dc = s.deviceByUserCode[userCode], var d = s.devices[dc] {
                if now >= d.expiresAt { return .failure(.expired) }
                let st = effectiveStatus(d, now: now)
                guard st == .pending else { return .failure(.alreadyDecided(st)) }
                d.status = decision == .approve ? .approved : .denied
                s.devices[dc] = d
                return .success(DecisionResult(kind: "device", userCode: userCode, status: d.status, redirect: nil))
            }
            if let rid = s.pkceByUserCode[userCode], var p = s.pkce[rid] {
                if now >= p.expiresAt { return .failure(.expired) }
                guard p.status == .pending else { return .failure(.alreadyDecided(p.status)) }
                let redirect: String
                if decision == .approve {
                    let code = Self.issueAuthCode(&s, for: p, now: now, ttl: Double(config.deviceCodeTTL))
                    p.status = .approved
                    p.code = code
                    redirect = appendQuery(p.redirectUri, [("code", code), ("state", p.state)])
                } else {
                    p.status = .denied
                    redirect = appendQuery(p.redirectUri, [
                        ("error", "access_denied"),
                        ("error_description", "The user denied the authorization request"),
                        ("state", p.state),
                    ])
                }
                s.pkce[rid] = p
                return .success(DecisionResult(kind: "pkce", userCode: userCode, status: p.status, redirect: redirect))
            }
            return .failure(.notFound)
        }
    }

    /// Approve or deny every pending authorization (device and PKCE).
    func decideAll(_ decision: Decision) -> [DecisionResult] {
        let now = nowSeconds()
        let codes: [String] = state.withLock { s in
            var c: [String] = []
            for (uc, dc) in s.deviceByUserCode {
                if let d = s.devices[dc], now < d.expiresAt, effectiveStatus(d, now: now) == .pending { c.append(uc) }
            }
            for (uc, rid) in s.pkceByUserCode {
                if let p = s.pkce[rid], now < p.expiresAt, p.status == .pending { c.append(uc) }
            }
            return c
        }
        return codes.compactMap { try? decide(userCode: $0, decision).get() }
    }

    static func issueAuthCode(_ s: inout MutableState, for p: PKCEAuthorization, now: Double, ttl: Double) -> String {
        let code = "emucode" + RandomText.string(40, from: RandomText.base64url)
        s.authCodes[code] = AuthCode(
            clientId: p.clientId, redirectUri: p.redirectUri, codeChallenge: p.codeChallenge,
            scopes: p.scopes, expiresAt: now + min(ttl, 600), used: false)
        return code
    }

    /// Issue a new access token (and a refresh token when `withRefresh`).
    func issueTokens(_ s: inout MutableState, clientId: String, sessionId: String?, scopes: [String],
                     withRefresh: Bool, now: Double) -> (access: String, refresh: String?)
    {
        let sid = sessionId ?? RandomText.uuid()
        let access = "aoa" + RandomText.string(60, from: RandomText.base64url)
        s.accessTokens[access] = AccessTokenInfo(clientId: clientId, sessionId: sid, expiresAt: now + Double(config.tokenTTL))
        var refresh: String? = nil
        if withRefresh {
            let r = "aor" + RandomText.string(60, from: RandomText.base64url)
            s.refreshTokens[r] = RefreshTokenInfo(clientId: clientId, sessionId: sid, scopes: scopes)
            refresh = r
        }
        return (access, refresh)
    }

    /// Admin: make every access token invalid (and optionally every refresh token).
    func expireTokens(refreshToo: Bool) -> (access: Int, refresh: Int) {
        state.withLock { s in
            let a = s.accessTokens.count
            s.accessTokens.removeAll()
            var r = 0
            if refreshToo {
                r = s.refreshTokens.count
                s.refreshTokens.removeAll()
            }
            return (a, r)
        }
    }
}
