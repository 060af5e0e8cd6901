import Foundation
import Hummingbird
import HTTPTypes

/// A response under construction. Turned into a Hummingbird `Response` at the very end so that
/// failure modes can rewrite it.
struct Reply: Sendable {
    var status: Int
    var contentType: String?
    var body: String
    var headers: [(String, String)] = []
    /// Modeled error code, for the request log.
    var errorCode: String? = nil

    static func json(_ body: String, status: Int = 200) -> Reply {
        Reply(status: status, contentType: "application/json", body: body)
    }

    static func html(_ body: String, status: Int = 200) -> Reply {
        Reply(status: status, contentType: "text/html; charset=utf-8", body: body)
    }

    static func text(_ body: String, status: Int = 200) -> Reply {
        Reply(status: status, contentType: "text/plain; charset=utf-8", body: body)
    }

    static func redirect(_ location: String) -> Reply {
        var r = Reply(status: 302, contentType: "text/html; charset=utf-8",
                      body: "<html><body><a href=\"\(htmlEscape(location))\">Continue</a></body></html>")
        r.headers.append(("Location", location))
        return r
    }

    /// An sso-oidc error: code in `x-amzn-ErrorType`, OAuth-style body.
    static func oidcError(_ exception: OIDCError, _ description: String) -> Reply {
        var r = Reply.json(
            "{\"error\":\(jsonQuote(exception.oauthError)),\"error_description\":\(jsonQuote(description))}",
            status: exception.status)
        r.headers.append(("x-amzn-ErrorType",
                          "\(exception.rawValue):http://internal.amazon.com/coral/com.amazonaws.sso.oidc/"))
        r.errorCode = exception.rawValue
        return r
    }

    /// An sso portal error: code in `x-amzn-ErrorType` and in `__type`, body `message`.
    static func portalError(_ exception: PortalError, _ message: String) -> Reply {
        var r = Reply.json(
            "{\"message\":\(jsonQuote(message)),\"__type\":\"com.amazonaws.switchboard.portal#\(exception.rawValue)\"}",
            status: exception.status)
        r.headers.append(("x-amzn-ErrorType",
                          "\(exception.rawValue):http://internal.amazon.com/coral/com.amazonaws.switchboard.portal/"))
        r.errorCode = exception.rawValue
        return r
    }

    func response(requestId: String) -> Response {
        var fields = HTTPFields()
        fields[HTTPField.Name("x-amzn-RequestId")!] = requestId
        if let contentType { fields[.contentType] = contentType }
        for (k, v) in headers {
            fields.append(HTTPField(name: HTTPField.Name(k)!, value: v))
        }
        let buffer = ByteBuffer(string: body)
        return Response(status: .init(code: status), headers: fields, body: ResponseBody(byteBuffer: buffer))
    }
}

/// sso-oidc error shapes (service-2.json), with their HTTP status and OAuth `error` value.
enum OIDCError: String {
    case authorizationPending = "AuthorizationPendingException"
    case slowDown = "SlowDownException"
    case expiredToken = "ExpiredTokenException"
    case accessDenied = "AccessDeniedException"
    case invalidGrant = "InvalidGrantException"
    case invalidClient = "InvalidClientException"
    case unauthorizedClient = "UnauthorizedClientException"
    case unsupportedGrantType = "UnsupportedGrantTypeException"
    case invalidScope = "InvalidScopeException"
    case invalidRequest = "InvalidRequestException"
    case invalidClientMetadata = "InvalidClientMetadataException"
    case invalidRedirectUri = "InvalidRedirectUriException"
    case internalServer = "InternalServerException"
    /// Not in the model; used for throttling (botocore retries any 429).
    case tooManyRequests = "TooManyRequestsException"

    var status: Int {
        switch self {
        case .invalidClient: return 401
        case .internalServer: return 500
        case .tooManyRequests: return 429
        default: return 400
        }
    }

    var oauthError: String {
        switch self {
        case .authorizationPending: return "authorization_pending"
        case .slowDown: return "slow_down"
        case .expiredToken: return "expired_token"
        case .accessDenied: return "access_denied"
        case .invalidGrant: return "invalid_grant"
        case .invalidClient: return "invalid_client"
        case .unauthorizedClient: return "unauthorized_client"
        case .unsupportedGrantType: return "unsupported_grant_type"
        case .invalidScope: return "invalid_scope"
        case .invalidRequest: return "invalid_request"
        case .invalidClientMetadata: return "invalid_client_metadata"
        case .invalidRedirectUri: return "invalid_redirect_uri"
        case .internalServer: return "server_error"
        case .tooManyRequests: return "too_many_requests"
        }
    }
}

/// sso portal error shapes (service-2.json).
enum PortalError: String {
    case invalidRequest = "InvalidRequestException"
    case unauthorized = "UnauthorizedException"
    case resourceNotFound = "ResourceNotFoundException"
    case tooManyRequests = "TooManyRequestsException"
    /// Not in the model, but what the real service answers to GetRoleCredentials for a role the
    /// user is not assigned: 403 "No access" (seen in public CLI logs).
    case forbidden = "ForbiddenException"

    var status: Int {
        switch self {
        case .forbidden: return 403
        case .invalidRequest: return 400
        case .unauthorized: return 401
        case .resourceNotFound: return 404
        case .tooManyRequests: return 429
        }
    }
}
