import Crypto
import Foundation

/// Authorization code + PKCE login as AWS CLI v2 (2.22+) does it (docs/protocol.md §2).
public enum PKCE {
    static let verifierAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    /// The registered redirect URI: no port (RFC 8252 loopback port flexibility).
    public static let registeredRedirectURI = "http://127.0.0.1/oauth/callback"
    public static let grantTypes = ["authorization_code", "refresh_token"]
    /// The whole wait for the browser, as in AWS CLI v2.
    public static let timeout: TimeInterval = 600

    /// 64 random characters from `[A-Za-z0-9-._~]`.
    public static func makeVerifier() -> String {
        var g = SystemRandomNumberGenerator()
        return String((0..<64).map { _ in verifierAlphabet.randomElement(using: &g)! })
    }

    /// base64url(SHA-256(verifier)) without padding: 43 characters.
    public static func challenge(for verifier: String) -> String {
        let digest = SHA256.hash(data: Data(verifier.utf8))
        return Data(digest).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The redirect URI used in the authorize request and the token call.
    public static func redirectURI(port: UInt16) -> String { "http://127.0.0.1:\(port)/oauth/callback" }

    /// `{scheme}://{host}[:port]/authorize?...` on the OIDC endpoint's host (any path dropped),
    /// parameters in AWS CLI v2's order.
    public static func authorizeURL(oidcBase: String, clientId: String, redirectURI: String, state: String,
                                    scopes: [String], challenge: String) -> String {
        var base = oidcBase
        if let c = URLComponents(string: oidcBase), let scheme = c.scheme, let host = c.host {
            base = "\(scheme)://\(host)" + (c.port.map { ":\($0)" } ?? "")
        }
        let q: [(String, String)] = [
            ("response_type", "code"), ("client_id", clientId), ("redirect_uri", redirectURI), ("state", state),
            ("code_challenge_method", "S256"), ("scopes", scopes.joined(separator: " ")), ("code_challenge", challenge),
        ]
        return base + "/authorize?" + q.map { "\($0.0)=\(percentEncode($0.1))" }.joined(separator: "&")
    }
}

extension LoginService {
    /// A PKCE registration: cached when it has the authorization_code grant, else registered anew
    /// (overwriting a device-flow entry under the same key, as CLI v2 does).
    public func pkceRegistration(for s: SessionRef) async throws -> ClientRegistration {
        let now = clock.now()
        if let r = store.registration(for: s), r.isPKCE, r.isReusable(at: now) { return r }
        let r = try await oidc.registerClient(name: s.clientName(now: now), scopes: s.scopes ?? ["sso:account:access"],
                                              grantTypes: PKCE.grantTypes, redirectUris: [PKCE.registeredRedirectURI],
                                              issuerUrl: s.startURL)
        try? store.saveRegistration(r, for: s)
        return r
    }

    /// Runs a PKCE login: `open(url)` is called with the authorize URL (open a browser, print it);
    /// the listener waits for the redirect; `state` must match; the code is exchanged.
    public func pkceLogin(_ s: SessionRef, oidcBase: String, listener: LoopbackListener,
                          open: @Sendable (String) -> Void) async throws -> SSOToken {
        let reg = try await pkceRegistration(for: s)
        let verifier = PKCE.makeVerifier()
        let state = UUID().uuidString.lowercased()
        let redirect = PKCE.redirectURI(port: listener.port)
        let url = PKCE.authorizeURL(oidcBase: oidcBase, clientId: reg.clientId, redirectURI: redirect, state: state,
                                    scopes: s.scopes ?? ["sso:account:access"], challenge: PKCE.challenge(for: verifier))
        open(url)
        let q = try await listener.waitForCallback(timeout: PKCE.timeout)
        listener.shutdownListener()
        if let e = q["error"] {
            if e == "access_denied" { throw LoginFailure.denied }
            throw LoginFailure.failed("the authorization failed: \(e)\(q["error_description"].map { " (\($0))" } ?? "")")
        }
        guard q["state"] == state else { throw LoginFailure.failed("the login callback's state does not match; login aborted") }
        guard let code = q["code"], !code.isEmpty else { throw LoginFailure.failed("the login callback carried no code") }
        do {
            let g = try await oidc.createToken(clientId: reg.clientId, clientSecret: reg.clientSecret,
                                               .authorizationCode(code: code, redirectUri: redirect, codeVerifier: verifier))
            let token = makeToken(s, grant: g, registration: reg)
            try store.saveToken(token, for: s)
            return token
        } catch let e as SSOClientError where e.serviceError?.kind == .expiredToken {
            throw LoginFailure.expired
        }
    }
}
