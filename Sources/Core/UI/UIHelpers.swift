import Foundation

/// Pure helpers the TUI model uses: start-URL input, profile-name defaults, regions, durations.
public enum UIText {
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

    /// A name that is not in `taken`: `base`, else `base-2`, `base-3`, ...
    public static func uniqueName(_ base: String, taken: Set<String>) -> String {
        if !taken.contains(base) { return base }
        var k = 2
        while taken.contains("\(base)-\(k)") { k += 1 }
        return "\(base)-\(k)"
    }

    /// `1h 05m`, `12m`, `45s`; `expired` for zero or less.
    public static func timeLeft(_ seconds: TimeInterval) -> String {
        let s = Int(seconds.rounded(.down))
        if s <= 0 { return "expired" }
        if s >= 3600 { return String(format: "%dh %02dm", s / 3600, (s % 3600) / 60) }
        if s >= 60 { return "\(s / 60)m" }
        return "\(s)s"
    }

    /// `m:ss` for a countdown.
    public static func countdown(_ seconds: TimeInterval) -> String {
        let s = max(0, Int(seconds.rounded(.up)))
        return String(format: "%d:%02d", s / 60, s % 60)
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

    /// Text from a file or a server made safe to print: C0/C1 control characters (ESC, so no
    /// OSC 52 or CSI sequence gets through) become `\xNN`, bidi controls and zero-width
    /// characters (which reorder or hide what is shown) become `\u{NNNN}`. Idempotent on its
    /// own output, and the identity on ordinary text.
    public static func safe(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: needsEscape) else { return s }
        var out = ""
        for u in s.unicodeScalars {
            if u.value < 0x20 || u.value == 0x7F || (0x80...0x9F).contains(u.value) {
                out += String(format: "\\x%02x", u.value)
            } else if needsEscape(u) {
                out += String(format: "\\u{%04x}", u.value)
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// Control, bidi-control and invisible format characters.
    static func needsEscape(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0..<0x20, 0x7F...0x9F: return true
        case 0x061C, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0xFEFF: return true
        default: return false
        }
    }

    /// A word for a shell command line the user may paste: as is when it is plain
    /// (`[A-Za-z0-9_./:@%+=,-]`), else in single quotes, else — when it holds characters that
    /// must not be printed raw — as bash's `$'…'` with escapes, which is both safe to show and
    /// right to paste.
    public static func shellQuote(_ s: String) -> String {
        let plain = !s.isEmpty && s.unicodeScalars.allSatisfy { u in
            u.isASCII && (CharacterSet.alphanumerics.contains(u) || "_./:@%+=,-".unicodeScalars.contains(u))
        }
        if plain { return s }
        if !s.unicodeScalars.contains(where: needsEscape) {
            return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }
        var out = "$'"
        for u in s.unicodeScalars {
            switch u {
            case "'": out += "\\'"
            case "\\": out += "\\\\"
            default:
                if u.value < 0x20 || u.value == 0x7F || (0x80...0x9F).contains(u.value) { out += String(format: "\\x%02x", u.value) }
                else if needsEscape(u) { out += String(format: "\\u%04x", u.value) }
                else { out.unicodeScalars.append(u) }
            }
        }
        return out + "'"
    }
}

/// A one-line reason why an input is not acceptable.
public struct UIInputError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}
