import Foundation

/// What the TUI accepts as input: regions, outputs, start URLs, profile and session names, scopes.
public enum UIValidation {
    /// The AWS regions offered in the region pick-lists (IAM Identity Center and general use).
    public static let regions: [String] = [
        "us-east-1", "us-east-2", "us-west-1", "us-west-2",
        "af-south-1", "ap-east-1", "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2",
        "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-7", "ap-northeast-1",
        "ap-northeast-2", "ap-northeast-3", "ca-central-1", "ca-west-1",
        "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3",
        "eu-south-1", "eu-south-2", "eu-north-1", "il-central-1", "me-south-1", "me-central-1",
        "mx-central-1", "sa-east-1", "us-gov-east-1", "us-gov-west-1", "cn-north-1", "cn-northwest-1",
    ]

    /// True for a region in the list, or one shaped like a newer region (`xx-name-N`).
    public static func isRegion(_ r: String) -> Bool {
        if regions.contains(r) { return true }
        let parts = r.split(separator: "-")
        guard parts.count >= 3, let last = parts.last, Int(last) != nil else { return false }
        return r.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
    }

    /// The `output` values AWS CLI v2 accepts.
    public static let outputs = ["json", "yaml", "yaml-stream", "text", "table"]

    /// The default `sso_registration_scopes`.
    public static let defaultScopes = "sso:account:access"

    /// Turns what the user typed as a start URL into one: a bare portal name (`acme`, `d-1234567890`)
    /// becomes `https://NAME.awsapps.com/start`; a host without a scheme gets `https://`.
    /// Returns the URL or a one-line reason it is not acceptable.
    public static func normalizeStartURL(_ input: String) -> Result<String, UIInputError> {
        let s = input.trimmingCharacters(in: .whitespaces)
        if s.isEmpty { return .failure(UIInputError("enter the portal name or start URL")) }
        if s.contains(where: { $0.isWhitespace }) { return .failure(UIInputError("no spaces in a start URL")) }
        let portalChars = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
        if s.unicodeScalars.allSatisfy({ portalChars.contains($0) }) {
            if s.hasPrefix("-") || s.hasSuffix("-") || s.count > 63 {
                return .failure(UIInputError("not a valid portal name"))
            }
            return .success("https://\(s.lowercased()).awsapps.com/start")
        }
        var url = s
        if !url.lowercased().hasPrefix("https://") && !url.lowercased().hasPrefix("http://") {
            if url.contains("://") { return .failure(UIInputError("the start URL must use https://")) }
            url = "https://" + url
        }
        guard let c = URLComponents(string: url), let host = c.host, !host.isEmpty,
              c.scheme?.lowercased() == "https" || c.scheme?.lowercased() == "http" else {
            return .failure(UIInputError("not a valid URL"))
        }
        if host.hasPrefix(".") || host.hasSuffix(".") || host.contains("..") {
            return .failure(UIInputError("not a valid host name"))
        }
        return .success(url)
    }

    /// The reason a profile name cannot be used, or nil.
    public static func profileNameProblem(_ name: String) -> String? {
        if name.isEmpty { return "enter a profile name" }
        do { try ConfigDocument.validateName(name, kind: "profile") } catch let e as ConfigEditError {
            if case let .invalidName(_, _, reason) = e { return reason }
            return e.description
        } catch { return "\(error)" }
        return nil
    }

    /// The reason an sso-session name cannot be used, or nil.
    public static func sessionNameProblem(_ name: String) -> String? {
        if name.isEmpty { return "enter a session name" }
        if name.contains(where: { $0.isWhitespace }) { return "no spaces in a session name" }
        do { try ConfigDocument.validateName(name, kind: "sso-session") } catch let e as ConfigEditError {
            if case let .invalidName(_, _, reason) = e { return reason }
            return e.description
        } catch { return "\(error)" }
        return nil
    }

    /// Scopes typed as `a, b` or `a b`: split, trimmed, empties dropped.
    public static func parseScopes(_ s: String) -> [String] {
        s.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init).filter { !$0.isEmpty }
    }
}

/// A one-line reason why an input is not acceptable.
public struct UIInputError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}
