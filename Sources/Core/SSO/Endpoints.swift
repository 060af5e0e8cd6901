import Foundation

/// An AWS partition: the DNS suffixes and console/federation hosts for a set of regions.
public struct Partition: Sendable, Equatable {
    public var id: String
    public var dnsSuffix: String
    public var dualStackDnsSuffix: String
    /// Federation (console sign-in) host for the partition's default region, nil where there is none.
    public var federationHost: String?
    public var consoleHost: String?
    public var defaultRegion: String

    /// The partitions, in botocore's order (aws last, as the catch-all).
    public static let all: [Partition] = [
        Partition(id: "aws-cn", dnsSuffix: "amazonaws.com.cn", dualStackDnsSuffix: "api.amazonwebservices.com.cn",
                  federationHost: "signin.amazonaws.cn", consoleHost: "console.amazonaws.cn", defaultRegion: "cn-north-1"),
        Partition(id: "aws-us-gov", dnsSuffix: "amazonaws.com", dualStackDnsSuffix: "api.aws",
                  federationHost: "signin.amazonaws-us-gov.com", consoleHost: "console.amazonaws-us-gov.com",
                  defaultRegion: "us-gov-west-1"),
        Partition(id: "aws-iso", dnsSuffix: "c2s.ic.gov", dualStackDnsSuffix: "api.aws.ic.gov",
                  federationHost: nil, consoleHost: nil, defaultRegion: "us-iso-east-1"),
        Partition(id: "aws-iso-b", dnsSuffix: "sc2s.sgov.gov", dualStackDnsSuffix: "api.aws.scloud",
                  federationHost: nil, consoleHost: nil, defaultRegion: "us-isob-east-1"),
        Partition(id: "aws-iso-e", dnsSuffix: "cloud.adc-e.uk", dualStackDnsSuffix: "api.cloud-aws.adc-e.uk",
                  federationHost: nil, consoleHost: nil, defaultRegion: "eu-isoe-west-1"),
        Partition(id: "aws-iso-f", dnsSuffix: "csp.hci.ic.gov", dualStackDnsSuffix: "api.aws.hci.ic.gov",
                  federationHost: nil, consoleHost: nil, defaultRegion: "us-isof-south-1"),
        Partition(id: "aws-eusc", dnsSuffix: "amazonaws.eu", dualStackDnsSuffix: "api.amazonwebservices.eu",
                  federationHost: nil, consoleHost: nil, defaultRegion: "eusc-de-east-1"),
        Partition(id: "aws", dnsSuffix: "amazonaws.com", dualStackDnsSuffix: "api.aws",
                  federationHost: "signin.aws.amazon.com", consoleHost: "console.aws.amazon.com",
                  defaultRegion: "us-east-1"),
    ]

    /// The partition of a region, by botocore's region patterns; unknown regions fall back to `aws`.
    public static func of(region: String) -> Partition {
        let r = region.lowercased()
        func match(_ prefix: String) -> Bool {
            // ^prefix-\w+-\d+$
            guard r.hasPrefix(prefix + "-") else { return false }
            let rest = r.dropFirst(prefix.count + 1).split(separator: "-", omittingEmptySubsequences: false)
            guard rest.count == 2, !rest[0].isEmpty, rest[0].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
                  !rest[1].isEmpty, rest[1].allSatisfy(\.isNumber) else { return false }
            return true
        }
        if match("cn") { return all[0] }
        if match("us-gov") { return all[1] }
        if match("us-isob") { return all[3] }
        if match("us-iso") { return all[2] }
        if match("eu-isoe") { return all[4] }
        if match("us-isof") { return all[5] }
        if r.hasPrefix("eusc-de-") && match("eusc-de") { return all[6] }
        return all[7]
    }
}

/// The two services an SSO client calls.
public enum SSOService: String, Sendable {
    /// `sso-oidc`: RegisterClient, StartDeviceAuthorization, CreateToken.
    case oidc
    /// `sso` (the portal): ListAccounts, ListAccountRoles, GetRoleCredentials, Logout.
    case portal

    /// The suffix of the `AWS_ENDPOINT_URL_<ID>` environment variable.
    public var envSuffix: String { self == .oidc ? "SSO_OIDC" : "SSO" }
    /// The key in a `[services NAME]` section.
    public var servicesKey: String { self == .oidc ? "sso_oidc" : "sso" }
}

/// Endpoint overrides that come from the config file (the active profile and its `[services]`
/// section). The caller fills this from the config; environment variables are read here.
public struct ConfiguredEndpoints: Sendable, Equatable {
    /// `endpoint_url` in the active profile.
    public var profileEndpointURL: String?
    /// `endpoint_url` under `sso_oidc =` / `sso =` in the `[services NAME]` section the profile names.
    public var servicesEndpointURLs: [String: String]
    /// `ignore_configured_endpoint_urls = true` in the profile.
    public var ignoreConfigured: Bool

    public init(profileEndpointURL: String? = nil, servicesEndpointURLs: [String: String] = [:],
                ignoreConfigured: Bool = false) {
        self.profileEndpointURL = profileEndpointURL
        self.servicesEndpointURLs = servicesEndpointURLs
        self.ignoreConfigured = ignoreConfigured
    }
}

/// Works out service URLs the way the AWS SDKs do (docs/protocol.md §1.2, §3, §4.1):
/// `AWS_ENDPOINT_URL_SSO_OIDC` / `AWS_ENDPOINT_URL_SSO`, then `AWS_ENDPOINT_URL`, then the
/// `[services]` section, then the profile's `endpoint_url`, then the standard host
/// (`https://oidc.{region}.{dnsSuffix}`, `https://portal.sso.{region}.{dnsSuffix}`).
/// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` (or the profile setting) turns all overrides off.
///
/// ```swift
/// let r = EndpointResolver(environment: ProcessInfo.processInfo.environment)
/// r.url(for: .portal, region: "eu-west-1")  // https://portal.sso.eu-west-1.amazonaws.com
/// ```
public struct EndpointResolver: Sendable {
    public var environment: [String: String]
    public var configured: ConfiguredEndpoints

    public init(environment: [String: String], configured: ConfiguredEndpoints = ConfiguredEndpoints()) {
        self.environment = environment
        self.configured = configured
    }

    private func env(_ k: String) -> String? {
        guard let v = environment[k]?.trimmingCharacters(in: .whitespaces), !v.isEmpty else { return nil }
        return v
    }

    /// True when configured endpoint URLs are switched off.
    public var ignoresConfiguredEndpoints: Bool {
        if let v = env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") { return v.lowercased() == "true" }
        return configured.ignoreConfigured
    }

    /// The override in force for a service, if any (already without a trailing slash).
    public func override(for service: SSOService) -> String? {
        guard !ignoresConfiguredEndpoints else { return nil }
        let v = env("AWS_ENDPOINT_URL_" + service.envSuffix)
            ?? env("AWS_ENDPOINT_URL")
            ?? configured.servicesEndpointURLs[service.servicesKey]
            ?? configured.profileEndpointURL
        return v.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    }

    /// The base URL (scheme, host, optional path prefix; no trailing slash) for a service.
    public func url(for service: SSOService, region: String) -> String {
        if let o = override(for: service) { return o }
        let p = Partition.of(region: region)
        switch service {
        case .oidc: return "https://oidc.\(region).\(p.dnsSuffix)"
        case .portal: return "https://portal.sso.\(region).\(p.dnsSuffix)"
        }
    }

    /// The console federation endpoint for a region (`AWS_SSO_TUI_FEDERATION_ENDPOINT` overrides).
    /// Nil for partitions without a public console.
    public func federationURL(region: String) -> String? {
        if let o = env("AWS_SSO_TUI_FEDERATION_ENDPOINT") { return o }
        let p = Partition.of(region: region)
        guard let host = p.federationHost else { return nil }
        if region == p.defaultRegion || region.isEmpty { return "https://\(host)/federation" }
        return "https://\(region).\(host)/federation"
    }

    /// The console URL to land on after federation sign-in.
    public func consoleURL(region: String) -> String? {
        let p = Partition.of(region: region)
        guard let host = p.consoleHost else { return nil }
        if p.id == "aws" && region != p.defaultRegion && !region.isEmpty {
            return "https://\(region).\(host)/console/home?region=\(region)"
        }
        return "https://\(host)/console/home" + (region.isEmpty ? "" : "?region=\(region)")
    }
}
