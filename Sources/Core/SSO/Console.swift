import Foundation

/// AWS console sign-in from role credentials (docs/protocol.md §7): the federation endpoint's
/// `getSigninToken` (sent as a form POST so the credentials never appear in a URL or a log),
/// then a `login` URL with an issuer and a destination.
public struct ConsoleSignIn: Sendable {
    public let transport: any HTTPTransport
    /// `https://signin.aws.amazon.com/federation` or the partition/region's equivalent.
    public let federationURL: String

    public init(transport: any HTTPTransport, federationURL: String) {
        self.transport = transport
        self.federationURL = federationURL
    }

    /// The sign-in URL for `credentials`, landing on `destination`. `sessionDuration` in seconds
    /// (900–43200) is sent only when given.
    public func signInURL(credentials c: RoleCredentials, destination: String, issuer: String,
                          sessionDuration: Int? = nil, timeout: Double = 30) async throws -> String {
        let session = PyJSON.object([("sessionId", .string(c.accessKeyId)), ("sessionKey", .string(c.secretAccessKey)),
                                     ("sessionToken", .string(c.sessionToken))]).dumps(compact: true)
        var form = "Action=getSigninToken"
        if let d = sessionDuration { form += "&SessionDuration=\(d)" }
        form += "&Session=" + percentEncode(session)
        let op = "getSigninToken"
        let res: HTTPResponse
        do {
            res = try await transport.send(HTTPRequest(method: "POST", url: federationURL,
                                                       headers: [("Content-Type", "application/x-www-form-urlencoded"),
                                                                 ("User-Agent", UserAgent.value)],
                                                       body: Data(form.utf8), timeout: timeout))
        } catch let e as TransportError {
            throw SSOClientError.transport(operation: op, e)
        }
        guard res.status == 200 else {
            // The body may echo parameters; report only the status and a short, safe reason.
            let reason = String(decoding: res.body.prefix(120), as: UTF8.self)
                .replacingOccurrences(of: "\n", with: " ")
            let safe = reason.contains(c.secretAccessKey) || reason.contains(c.sessionToken) ? "" : ": \(reason)"
            throw SSOClientError.badResponse(operation: op, detail: "federation endpoint answered HTTP \(res.status)\(safe)")
        }
        guard let obj = try? JSONSerialization.jsonObject(with: res.body) as? [String: Any],
              let token = obj["SigninToken"] as? String, !token.isEmpty else {
            throw SSOClientError.badResponse(operation: op, detail: "no SigninToken in the federation response")
        }
        return federationURL + "?Action=login&Issuer=" + percentEncode(issuer) + "&Destination=" + percentEncode(destination)
            + "&SigninToken=" + percentEncode(token)
    }
}
