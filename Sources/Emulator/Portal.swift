import Foundation
import Crypto

let defaultPageSize = 20

extension Server {
    private func authorized(_ req: Incoming) -> Reply? {
        if store.validAccessToken(req.header("x-amz-sso_bearer_token")) == nil {
            return .portalError(.unauthorized, "Session token not found or invalid")
        }
        return nil
    }

    /// `max_result`: absent -> default; otherwise an integer in 1...100.
    private func pageSize(_ req: Incoming) -> Result<Int, ReplyError> {
        guard let raw = req.query("max_result") else { return .success(defaultPageSize) }
        guard let n = Int(raw) else {
            return .failure(ReplyError(.portalError(.invalidRequest, "Invalid value for max_result: \(raw)")))
        }
        guard (1...100).contains(n) else {
            return .failure(ReplyError(.portalError(
                .invalidRequest,
                "1 validation error detected: Value '\(n)' at 'maxResults' failed to satisfy constraint: Member must have value \(n < 1 ? "greater than or equal to 1" : "less than or equal to 100")")))
        }
        return .success(n)
    }

    // Opaque pagination tokens: base64url("<scope>|<offset>|<mac>") where mac binds scope and
    // offset to this emulator run.
    private func mac(_ scope: String, _ offset: Int) -> String {
        let h = SHA256.hash(data: Data("\(store.tokenSalt)|\(scope)|\(offset)".utf8))
        return h.prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    func makeNextToken(scope: String, offset: Int) -> String {
        base64urlNoPad(Data("\(offset)|\(mac(scope, offset))".utf8))
    }

    /// nil token -> offset 0. A token that was not issued for this listing is an InvalidRequestException.
    private func offset(_ req: Incoming, scope: String) -> Result<Int, ReplyError> {
        guard let tok = req.query("next_token") else { return .success(0) }
        var b64 = tok.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b64.count % 4 != 0 { b64 += "=" }
        if let d = Data(base64Encoded: b64), let s = String(data: d, encoding: .utf8) {
            let parts = s.split(separator: "|")
            if parts.count == 2, let off = Int(parts[0]), off >= 0, String(parts[1]) == mac(scope, off) {
                return .success(off)
            }
        }
        return .failure(ReplyError(.portalError(.invalidRequest, "Invalid next token")))
    }

    // MARK: ListAccounts

    func listAccounts(_ req: Incoming) -> Reply {
        if let r = authorized(req) { return r }
        let size: Int, start: Int
        switch pageSize(req) { case .success(let v): size = v; case .failure(let e): return e.reply }
        switch offset(req, scope: "accounts") { case .success(let v): start = v; case .failure(let e): return e.reply }
        let org = store.org
        let accounts = org.accounts
        let lo = min(start, accounts.count)
        let hi = min(lo + size, accounts.count)
        var out = "{\"accountList\":["
        out.reserveCapacity(100 * (hi - lo) + 64)
        for i in lo..<hi {
            if i > lo { out += "," }
            let a = accounts[i]
            out += "{\"accountId\":\"" + a.accountId + "\""
            if let n = a.accountName { out += ",\"accountName\":"; jsonEscape(n, into: &out) }
            if let e = a.emailAddress { out += ",\"emailAddress\":"; jsonEscape(e, into: &out) }
            out += "}"
        }
        out += "]"
        if hi < accounts.count {
            out += ",\"nextToken\":" + jsonQuote(makeNextToken(scope: "accounts", offset: hi))
        }
        out += "}"
        return .json(out)
    }

    // MARK: ListAccountRoles

    func listAccountRoles(_ req: Incoming) -> Reply {
        if let r = authorized(req) { return r }
        guard let accountId = req.query("account_id"), !accountId.isEmpty else {
            return .portalError(.invalidRequest, "Missing required parameter: account_id")
        }
        let size: Int, start: Int
        switch pageSize(req) { case .success(let v): size = v; case .failure(let e): return e.reply }
        let scope = "roles:" + accountId
        switch offset(req, scope: scope) { case .success(let v): start = v; case .failure(let e): return e.reply }
        let org = store.org
        guard let idx = org.index[accountId] else {
            return .portalError(.resourceNotFound, "No access")
        }
        let roles = org.accounts[idx].roles
        let lo = min(start, roles.count)
        let hi = min(lo + size, roles.count)
        var out = "{\"roleList\":["
        for i in lo..<hi {
            if i > lo { out += "," }
            out += "{\"roleName\":"
            jsonEscape(roles[i], into: &out)
            out += ",\"accountId\":\"" + accountId + "\"}"
        }
        out += "]"
        if hi < roles.count {
            out += ",\"nextToken\":" + jsonQuote(makeNextToken(scope: scope, offset: hi))
        }
        out += "}"
        return .json(out)
    }

    // MARK: GetRoleCredentials

    func getRoleCredentials(_ req: Incoming) -> Reply {
        if let r = authorized(req) { return r }
        guard let roleName = req.query("role_name"), !roleName.isEmpty else {
            return .portalError(.invalidRequest, "Missing required parameter: role_name")
        }
        guard let accountId = req.query("account_id"), !accountId.isEmpty else {
            return .portalError(.invalidRequest, "Missing required parameter: account_id")
        }
        let org = store.org
        guard let roles = org.roleSets[accountId], roles.contains(roleName) else {
            return .portalError(.forbidden, "No access")
        }
        let now = nowSeconds()
        let expires = (now + Double(store.config.credentialsTTL)).rounded(.down)
        // Fake keys. The secret has a fixed non-base64 prefix so that it never matches the
        // 40-character AWS secret key pattern that secret scanners look for.
        let creds = IssuedCredentials(
            accessKeyId: "ASIA" + RandomText.string(16, from: RandomText.upperAlnum),
            secretAccessKey: "emulator-secret-" + RandomText.string(32, from: RandomText.hex),
            sessionToken: "emulator-session-" + RandomText.string(160, from: RandomText.base64url),
            accountId: accountId, roleName: roleName, expiresAt: expires)
        store.state.withLock { $0.credentials[creds.accessKeyId] = creds }
        var rc = JSONObject()
        rc.add("accessKeyId", string: creds.accessKeyId)
        rc.add("secretAccessKey", string: creds.secretAccessKey)
        rc.add("sessionToken", string: creds.sessionToken)
        rc.add("expiration", int: Int64(expires) * 1000)
        return .json("{\"roleCredentials\":" + rc.encoded + "}")
    }

    // MARK: Logout

    func logout(_ req: Incoming) -> Reply {
        let token = req.header("x-amz-sso_bearer_token")
        if let r = authorized(req) { return r }
        // Logout ends the whole sign-in session: this access token, and every access and refresh
        // token of the same login (earlier or later refreshes).
        store.state.withLock { s in
            guard let token, let sid = s.accessTokens[token]?.sessionId else { return }
            s.accessTokens = s.accessTokens.filter { $0.value.sessionId != sid }
            s.refreshTokens = s.refreshTokens.filter { $0.value.sessionId != sid }
        }
        return Reply(status: 200, contentType: nil, body: "")
    }
}
