import Foundation

/// A service error from IAM Identity Center, classified from the AWS error formats:
/// the `x-amzn-ErrorType` header, then body `__type`, then body `error` (OAuth style),
/// then `code`, then the HTTP status (docs/protocol.md §1.6, §3.2).
public struct ServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        case authorizationPending, slowDown, expiredToken, accessDenied, invalidGrant, invalidClient
        case unauthorizedClient, invalidRequest, invalidScope, unauthorized, notFound, tooManyRequests
        case serverError, other
    }
    public var kind: Kind
    /// The AWS error code, e.g. `AuthorizationPendingException`, or the status as text.
    public var code: String
    public var message: String
    public var status: Int
    public var operation: String

    public init(kind: Kind, code: String, message: String, status: Int, operation: String) {
        self.kind = kind
        self.code = code
        self.message = message
        self.status = status
        self.operation = operation
    }

    public var description: String {
        let m = message.isEmpty ? "" : ": \(message)"
        return "\(operation) failed: \(code) (HTTP \(status))\(m)"
    }

    /// Worth retrying with back-off (throttling and server-side failures).
    public var isRetryable: Bool { kind == .tooManyRequests || kind == .serverError }

    static let oauthKinds: [String: (Kind, String)] = [
        "authorization_pending": (.authorizationPending, "AuthorizationPendingException"),
        "slow_down": (.slowDown, "SlowDownException"),
        "expired_token": (.expiredToken, "ExpiredTokenException"),
        "access_denied": (.accessDenied, "AccessDeniedException"),
        "invalid_grant": (.invalidGrant, "InvalidGrantException"),
        "invalid_client": (.invalidClient, "InvalidClientException"),
        "unauthorized_client": (.unauthorizedClient, "UnauthorizedClientException"),
        "invalid_scope": (.invalidScope, "InvalidScopeException"),
        "invalid_request": (.invalidRequest, "InvalidRequestException"),
        "server_error": (.serverError, "InternalServerException"),
    ]

    static func kind(forCode code: String, status: Int) -> Kind {
        switch code {
        case "AuthorizationPendingException": return .authorizationPending
        case "SlowDownException": return .slowDown
        case "ExpiredTokenException": return .expiredToken
        case "AccessDeniedException": return .accessDenied
        case "InvalidGrantException": return .invalidGrant
        case "InvalidClientException": return .invalidClient
        case "UnauthorizedClientException": return .unauthorizedClient
        case "InvalidRequestException", "InvalidRequestRegionException", "InvalidClientMetadataException",
             "InvalidRedirectUriException", "UnsupportedGrantTypeException": return .invalidRequest
        case "InvalidScopeException": return .invalidScope
        case "UnauthorizedException": return .unauthorized
        case "ResourceNotFoundException": return .notFound
        case "TooManyRequestsException", "ThrottlingException": return .tooManyRequests
        case "InternalServerException", "InternalFailure", "ServiceUnavailableException": return .serverError
        default:
            if status == 429 { return .tooManyRequests }
            if status >= 500 { return .serverError }
            if status == 401 { return .unauthorized }
            return .other
        }
    }

    /// Classifies a non-2xx response. `body` may be anything (HTML, truncated JSON, empty).
    public static func from(status: Int, headers: [String: String], body: Data, operation: String) -> ServiceError {
        let json = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        func clean(_ s: String) -> String {
            var c = s
            if let i = c.firstIndex(of: ":") { c = String(c[..<i]) }
            if let i = c.lastIndex(of: "#") { c = String(c[c.index(after: i)...]) }
            return c.trimmingCharacters(in: .whitespaces)
        }
        var code: String?
        if let h = headers["x-amzn-errortype"], !h.isEmpty { code = clean(h) }
        if code == nil, let t = json?["__type"] as? String { code = clean(t) }
        var kindFromOAuth: Kind?
        if code == nil, let e = json?["error"] as? String, let (k, c) = oauthKinds[e] { code = c; kindFromOAuth = k }
        if code == nil, let c = (json?["code"] ?? json?["Code"]) as? String { code = c }
        let finalCode = code ?? String(status)
        var message = (json?["error_description"] ?? json?["message"] ?? json?["Message"]) as? String ?? ""
        if json == nil {
            message = Self.describeNonJSON(body: body, headers: headers)
        }
        message = String(message.prefix(300)).replacingOccurrences(of: "\n", with: " ")
        let kind = kindFromOAuth ?? Self.kind(forCode: finalCode, status: status)
        return ServiceError(kind: kind, code: finalCode, message: message, status: status, operation: operation)
    }

    static func describeNonJSON(body: Data, headers: [String: String]) -> String {
        if body.isEmpty { return "empty response body" }
        let ct = headers["content-type"]?.lowercased() ?? ""
        let head = String(decoding: body.prefix(64), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if ct.contains("html") || head.hasPrefix("<") { return "the server returned an HTML page, not JSON" }
        return "the response body is not valid JSON"
    }
}

/// Everything that can go wrong talking to IAM Identity Center, as one-line messages with no
/// secrets in them.
public enum SSOClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No response (DNS, connect, TLS, timeout ...).
    case transport(operation: String, TransportError)
    /// A non-2xx response.
    case service(ServiceError)
    /// A 2xx response whose body is not the JSON the operation returns (HTML, truncated, empty,
    /// or a field missing).
    case badResponse(operation: String, detail: String)
    /// A retryable error that was still there after every try the policy allowed (or when the
    /// deadline came): the last error, how many tries, over how long.
    indirect case gaveUp(SSOClientError, tries: Int, seconds: Double)

    public var description: String {
        switch self {
        case .transport(let op, let e): return "\(op): \(e)"
        case .service(let e): return e.description
        case .badResponse(let op, let d): return "\(op): unexpected response: \(d)"
        case .gaveUp(let e, let n, let s): return "\(e.description) (\(triesText(n, s)))"
        }
    }

    /// The error itself, without the ``gaveUp(_:tries:seconds:)`` wrapper.
    public var last: SSOClientError { if case .gaveUp(let e, _, _) = self { return e.last }; return self }

    /// Retrying will not help now: the server did not answer (every try timed out), or a
    /// throttling / server error outlasted its retries. A listing stops on such an error instead
    /// of trying every other account against a server in that state.
    public var serverUnavailable: Bool {
        switch self {
        case .transport(_, .noAnswer): return true
        case .gaveUp(let e, _, _): return e.isRetryable || e.serverUnavailable
        default: return false
        }
    }

    public var serviceError: ServiceError? { if case .service(let e) = last { return e }; return nil }

    /// A 401 from the portal, or a token the OIDC service no longer accepts: log in again.
    public var needsLogin: Bool {
        guard let e = serviceError else { return false }
        return e.kind == .unauthorized || (e.operation == "CreateToken" && e.kind == .invalidGrant)
    }

    /// Throttling, 5xx and lost connections are retried; other errors are final.
    public var isRetryable: Bool {
        switch self {
        case .service(let e): return e.isRetryable
        case .transport(_, let t):
            switch t {
            // A timeout is retried by the client itself, at most once (``RetryPolicy``).
            case .connect, .connectionLost: return true
            default: return false
            }
        case .badResponse, .gaveUp: return false
        }
    }
}
