import Foundation

/// Failure modes that make API operations misbehave on purpose.
enum FailureMode: String, Sendable, CaseIterable {
    /// HTTP 500 with an HTML body and no JSON.
    case html500
    /// HTTP 200 with the JSON body cut in half (Content-Length matches what is sent).
    case truncated
    /// Never answers; the connection stays open until the client gives up or the emulator stops.
    case hang
    /// HTTP 200 with an empty body.
    case empty
    /// HTTP 200 with an HTML page (a captive portal or a proxy's sign-in page).
    case html200
    /// HTTP 200 whose `Content-Length` promises the whole JSON body; half of it is sent, then the
    /// connection closes.
    case short
    /// The connection is reset (TCP RST), no answer at all.
    case reset
    /// Every request is throttled: 429 `TooManyRequestsException` (a 429 storm).
    case throttle
    /// The portal rejects the token (401 `UnauthorizedException`); with `--failure-ops
    /// ListAccountRoles` that happens in the middle of a listing, after the account pages.
    case unauthorized
    /// OIDC calls that present a client registration get 401 `InvalidClientException` "Client
    /// registration has expired" (RegisterClient itself still works).
    case expiredRegistration = "expired-registration"
    case none
}

/// Every API operation the emulator serves, by its AWS name.
enum Operation: String, Sendable, CaseIterable {
    // sso-oidc
    case registerClient = "RegisterClient"
    case startDeviceAuthorization = "StartDeviceAuthorization"
    case createToken = "CreateToken"
    // sso portal
    case listAccounts = "ListAccounts"
    case listAccountRoles = "ListAccountRoles"
    case getRoleCredentials = "GetRoleCredentials"
    case logout = "Logout"

    enum Family { case oidc, portal }

    var family: Family {
        switch self {
        case .registerClient, .startDeviceAuthorization, .createToken: return .oidc
        case .listAccounts, .listAccountRoles, .getRoleCredentials, .logout: return .portal
        }
    }
}

/// Static configuration from the command line.
struct EmulatorConfig: Sendable {
    var latencyMs: Int = 0
    var throttleRps: Double? = nil
    var autoApproveAfter: Double? = nil
    var tokenTTL: Int = 3600
    var deviceCodeTTL: Int = 600
    var pollInterval: Int = 1
    var registrationTTL: Int = 90 * 24 * 3600
    var credentialsTTL: Int = 3600
    var verbose: Bool = false
    var requestLogPath: String? = nil
}
