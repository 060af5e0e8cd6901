import Foundation

/// Browser-facing pages: device verification, PKCE authorization, and the federation endpoint.
extension Server {
    private func page(_ title: String, _ body: String, refresh: String? = nil) -> String {
        let meta = refresh.map { "<meta http-equiv=\"refresh\" content=\"1;url=\(htmlEscape($0))\">" } ?? ""
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">\(meta)<title>\(htmlEscape(title))</title>
        <style>body{font-family:sans-serif;max-width:40em;margin:3em auto;padding:0 1em}
        .code{font-size:2em;font-family:monospace;letter-spacing:.1em;padding:.3em .6em;border:1px solid #888;display:inline-block}
        button{font-size:1.1em;padding:.4em 1.2em;margin-right:1em}</style></head>
        <body><h1>\(htmlEscape(title))</h1>
        <p><small>AWS IAM Identity Center emulator (aws-sso-emulator). Not a real AWS service.</small></p>
        \(body)
        </body></html>
        """
    }

    private func decisionButtons(action: String, field: String, value: String) -> String {
        """
        <form method="post" action="\(action)/approve" style="display:inline">
        <input type="hidden" name="\(field)" value="\(htmlEscape(value))"><button type="submit" id="approve">Approve</button></form>
        <form method="post" action="\(action)/deny" style="display:inline">
        <input type="hidden" name="\(field)" value="\(htmlEscape(value))"><button type="submit" id="deny">Deny</button></form>
        """
    }

    // MARK: Device verification page

    func devicePage(_ req: Incoming) -> Reply {
        guard let raw = req.query("user_code"), !raw.isEmpty else {
            return .html(page("Authorize request", """
                <form method="get" action="/device"><label>Code: <input name="user_code" autofocus></label>
                <button type="submit">Next</button></form>
                """))
        }
        let userCode = raw.uppercased()
        let now = nowSeconds()
        let info: (DeviceAuthorization, ApprovalStatus, String)? = store.state.withLock { s in
            guard let dc = s.deviceByUserCode[userCode], let d = s.devices[dc] else { return nil }
            let name = s.registrations[d.clientId]?.clientName ?? "?"
            return (d, store.effectiveStatus(d, now: now), name)
        }
        guard let (d, status, clientName) = info else {
            return .html(page("Unknown code", "<p>The code <b>\(htmlEscape(userCode))</b> is not valid.</p>"), status: 404)
        }
        if now >= d.expiresAt {
            return .html(page("Code expired", "<p>The code <b>\(htmlEscape(userCode))</b> has expired.</p>"), status: 400)
        }
        var r: Reply
        switch status {
        case .pending:
            r = .html(page("Authorize request", """
                <p>Confirm that this code matches the one shown by the application:</p>
                <p class="code" id="user-code">\(htmlEscape(userCode))</p>
                <p>Application <b>\(htmlEscape(clientName))</b> requests access to <b>\(htmlEscape(d.startUrl))</b>.</p>
                \(decisionButtons(action: "/device", field: "user_code", value: userCode))
                """))
        case .approved, .consumed:
            r = .html(page("Request approved", "<p>Code <b>\(htmlEscape(userCode))</b> was approved. You can close this window.</p>"))
        case .denied:
            r = .html(page("Request denied", "<p>Code <b>\(htmlEscape(userCode))</b> was denied.</p>"))
        }
        r.headers.append(("x-emulator-user-code", userCode))
        return r
    }

    func deviceDecision(_ req: Incoming, _ decision: Store.Decision) -> Reply {
        let fields = req.formAndQuery
        guard let code = fields.first(where: { $0.0 == "user_code" })?.1, !code.isEmpty else {
            return .html(page("Missing code", "<p>No user_code was given.</p>"), status: 400)
        }
        return decisionPage(store.decide(userCode: code, decision), code: code)
    }

    private func decisionPage(_ r: Result<Store.DecisionResult, Store.DecisionError>, code: String) -> Reply {
        switch r {
        case .success(let d):
            if let redirect = d.redirect { return .redirect(redirect) }
            return d.status == .approved
                ? .html(page("Request approved", "<p>Code <b>\(htmlEscape(d.userCode))</b> approved. You can close this window and return to the application.</p>"))
                : .html(page("Request denied", "<p>Code <b>\(htmlEscape(d.userCode))</b> denied.</p>"))
        case .failure(.notFound):
            return .html(page("Unknown code", "<p>The code <b>\(htmlEscape(code))</b> is not valid.</p>"), status: 404)
        case .failure(.expired):
            return .html(page("Code expired", "<p>The code <b>\(htmlEscape(code))</b> has expired.</p>"), status: 400)
        case .failure(.alreadyDecided(let st)):
            return .html(page("Already decided", "<p>The code <b>\(htmlEscape(code))</b> is already \(st.rawValue).</p>"), status: 409)
        }
    }

    // MARK: PKCE authorize

    private func authorizeError(_ redirectUri: String, _ state: String?, _ error: String, _ desc: String) -> Reply {
        var params = [("error", error), ("error_description", desc)]
        if let state { params.append(("state", state)) }
        var r = Reply.redirect(appendQuery(redirectUri, params))
        r.errorCode = error
        return r
    }

    func authorize(_ req: Incoming) async -> Reply {
        let clientId = req.query("client_id") ?? ""
        let redirectUri = req.query("redirect_uri") ?? ""
        let state = req.query("state")
        let now = nowSeconds()
        let reg = store.state.withLock { $0.registrations[clientId] }
        guard let reg, now < reg.expiresAt else {
            var r = Reply.html(page("Invalid client", "<p>Unknown or expired client_id.</p>"), status: 400)
            r.errorCode = "invalid_client"
            return r
        }
        // Never redirect to an unchecked URI: loopback only, matching a registered URI (any port).
        guard let target = LoopbackURI(redirectUri), target.port != nil,
              reg.redirectUris.contains(where: { reg in
                  guard let r = LoopbackURI(reg) else { return false }
                  return r.host == target.host && r.path == target.path && (r.port == nil || r.port == target.port)
              })
        else {
            var r = Reply.html(page("Invalid redirect URI", "<p>redirect_uri is not registered for this client.</p>"), status: 400)
            r.errorCode = "invalid_redirect_uri"
            return r
        }
        guard req.query("response_type") == "code" else {
            return authorizeError(redirectUri, state, "unsupported_response_type", "response_type must be code")
        }
        guard reg.grantTypes?.contains(grantAuthCode) == true else {
            return authorizeError(redirectUri, state, "unauthorized_client", "Client is not registered for authorization_code")
        }
        guard req.query("code_challenge_method") == "S256" else {
            return authorizeError(redirectUri, state, "invalid_request", "code_challenge_method must be S256")
        }
        guard let challenge = req.query("code_challenge"), challenge.count == 43,
              challenge.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else {
            return authorizeError(redirectUri, state, "invalid_request", "code_challenge must be 43 base64url characters")
        }
        let scopes = (req.query("scopes") ?? "").split(separator: " ").map(String.init)
        for s in scopes where !reg.scopes.isEmpty && !reg.scopes.contains(s) {
            return authorizeError(redirectUri, state, "invalid_scope", "Scope \(s) was not registered")
        }

        let ttl = Double(store.config.deviceCodeTTL)
        let p: PKCEAuthorization = store.state.withLock { s in
            var userCode = RandomText.userCode()
            while s.deviceByUserCode[userCode] != nil || s.pkceByUserCode[userCode] != nil {
                userCode = RandomText.userCode()
            }
            let p = PKCEAuthorization(
                requestId: RandomText.uuid(), userCode: userCode, clientId: clientId, redirectUri: redirectUri,
                state: state ?? "", codeChallenge: challenge, scopes: scopes.isEmpty ? reg.scopes : scopes,
                createdAt: now, expiresAt: now + ttl, status: .pending, code: nil)
            s.pkce[p.requestId] = p
            s.pkceByUserCode[userCode] = p.requestId
            return p
        }

        if let after = store.config.autoApproveAfter {
            // Waits on the emulator's clock, so `/_emulator/clock/advance` ends the wait too.
            while nowSeconds() < p.createdAt + after, !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(min(50, max(1, Int((p.createdAt + after - nowSeconds()) * 1000)))))
            }
            _ = store.decide(userCode: p.userCode, .approve)
            return authorizeContinue(requestId: p.requestId)
        }
        return authorizeContinue(requestId: p.requestId)
    }

    /// The state of a PKCE authorization as the browser sees it: a page while pending, then a redirect.
    func authorizeContinue(requestId: String) -> Reply {
        let now = nowSeconds()
        guard let p = store.state.withLock({ $0.pkce[requestId] }) else {
            return .html(page("Unknown request", "<p>This authorization request does not exist.</p>"), status: 404)
        }
        switch p.status {
        case .approved, .consumed:
            return .redirect(appendQuery(p.redirectUri, [("code", p.code ?? ""), ("state", p.state)]))
        case .denied:
            return authorizeError(p.redirectUri, p.state, "access_denied", "The user denied the authorization request")
        case .pending:
            if now >= p.expiresAt {
                return .html(page("Request expired", "<p>This authorization request has expired.</p>"), status: 400)
            }
            let cont = "/authorize/continue?request=" + percentEncode(p.requestId)
            var r = Reply.html(page("Authorize request", """
                <p>An application asks for access with the scopes <b>\(htmlEscape(p.scopes.joined(separator: " ")))</b>.</p>
                <p>Request code: <span class="code" id="user-code">\(htmlEscape(p.userCode))</span></p>
                \(decisionButtons(action: "/authorize", field: "request", value: p.requestId))
                """, refresh: cont))
            r.headers.append(("x-emulator-user-code", p.userCode))
            r.headers.append(("x-emulator-continue", cont))
            return r
        }
    }

    func authorizeDecision(_ req: Incoming, _ decision: Store.Decision) -> Reply {
        let fields = req.formAndQuery
        guard let rid = fields.first(where: { $0.0 == "request" })?.1,
              let userCode = store.state.withLock({ $0.pkce[rid]?.userCode })
        else {
            return .html(page("Unknown request", "<p>This authorization request does not exist.</p>"), status: 404)
        }
        return decisionPage(store.decide(userCode: userCode, decision), code: userCode)
    }

    // MARK: Federation (console sign-in)

    func federation(_ req: Incoming) -> Reply {
        let fields = req.formAndQuery
        func field(_ n: String) -> String? { fields.first { $0.0 == n }?.1 }
        switch field("Action") {
        case "getSigninToken":
            guard let sessionJSON = field("Session"),
                  let obj = try? JSONSerialization.jsonObject(with: Data(sessionJSON.utf8)) as? [String: Any],
                  let keyId = obj["sessionId"] as? String, let key = obj["sessionKey"] as? String,
                  let token = obj["sessionToken"] as? String
            else {
                return .text("Invalid Session parameter: expected JSON with sessionId, sessionKey, sessionToken", status: 400)
            }
            if let d = field("SessionDuration") {
                guard let n = Int(d), (900...43200).contains(n) else {
                    return .text("SessionDuration must be between 900 and 43200 seconds", status: 400)
                }
            }
            let now = nowSeconds()
            let result: String? = store.state.withLock { s in
                guard let c = s.credentials[keyId], c.secretAccessKey == key, c.sessionToken == token,
                      c.expiresAt > now
                else { return nil }
                let t = "emusignin" + RandomText.string(80, from: RandomText.base64url)
                s.signinTokens[t] = SigninTokenInfo(accountId: c.accountId, roleName: c.roleName, expiresAt: now + 900)
                return t
            }
            guard let t = result else {
                return .text("The credentials in the Session parameter are invalid or expired", status: 400)
            }
            return .json("{\"SigninToken\":" + jsonQuote(t) + "}")

        case "login":
            guard let t = field("SigninToken"), !t.isEmpty else {
                return .html(page("Sign-in failed", "<p>Missing SigninToken.</p>"), status: 400)
            }
            let now = nowSeconds()
            guard let info = store.state.withLock({ $0.signinTokens[t] }), info.expiresAt > now else {
                return .html(page("Sign-in failed", "<p>The sign-in token is invalid or expired.</p>"), status: 400)
            }
            let org = store.org
            let name = org.index[info.accountId].flatMap { org.accounts[$0].accountName } ?? info.accountId
            let dest = field("Destination") ?? ""
            var r = Reply.html(page("Signed in", """
                <p id="signed-in">signed in as \(htmlEscape(info.accountId))/\(htmlEscape(info.roleName))</p>
                <p>Account <b>\(htmlEscape(name))</b> (\(htmlEscape(info.accountId))), role <b>\(htmlEscape(info.roleName))</b>.</p>
                <p>Destination: <code id="destination">\(htmlEscape(dest))</code></p>
                <p>Issuer: <code id="issuer">\(htmlEscape(field("Issuer") ?? ""))</code></p>
                """))
            r.headers.append(("x-emulator-account-id", info.accountId))
            r.headers.append(("x-emulator-role-name", info.roleName))
            return r

        default:
            return .text("Unknown or missing Action", status: 400)
        }
    }
}
