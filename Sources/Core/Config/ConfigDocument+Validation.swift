import Foundation

/// What a name, key or value must be for botocore to read it back as written.
extension ConfigDocument {
    // MARK: Validation

    /// Checks that `name` can be written as a profile / sso-session / services name that botocore
    /// reads back as exactly the same name. Throws `ConfigEditError.invalidName` with the reason.
    public static func validateName(_ name: String, kind: String = "profile") throws {
        func bad(_ r: String) -> ConfigEditError { .invalidName(kind: kind, name: name, reason: r) }
        if name.isEmpty { throw bad("the name is empty") }
        if name.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }) { throw bad("line breaks are not allowed") }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw bad("control characters are not allowed")
        }
        if let f = name.unicodeScalars.first, let l = name.unicodeScalars.last, PyText.isSpace(f) || PyText.isSpace(l) {
            throw bad("leading or trailing whitespace is not allowed")
        }
        if name.contains("[") || name.contains("]") { throw bad("'[' and ']' are not allowed") }
        guard headerText(for: refFor(kind: kind, name: name)) != nil else {
            throw bad("botocore would not read this name back (quotes or backslashes it cannot parse)")
        }
    }

    static func refFor(kind: String, name: String) -> SectionRef {
        switch kind {
        case "sso-session": return .ssoSession(name)
        case "services": return .services(name)
        default: return .profile(name)
        }
    }

    static func kindName(_ ref: SectionRef) -> (String, String) {
        switch ref {
        case let .profile(n): return ("profile", n)
        case let .ssoSession(n): return ("sso-session", n)
        case let .services(n): return ("services", n)
        }
    }

    /// The header text AWS CLI v2 writes for a section (`profile NAME`, quoted with shlex when the
    /// name has a space or tab; `default` for the default profile), or nil when no quoting makes
    /// botocore read the name back unchanged.
    static func headerText(for ref: SectionRef) -> String? {
        let (prefix, name) = kindName(ref)
        if case .profile("default") = ref { return "default" }
        var candidates: [String] = []
        if name.contains(" ") || name.contains("\t") {
            candidates.append(PyText.shlexQuote(name))
        } else {
            candidates.append(name)
            candidates.append(PyText.shlexQuote(name))
        }
        for c in candidates {
            let h = "\(prefix) \(c)"
            if Parser.matchHeader(PyText.strip("[\(h)]")) == h,
               Parser.matches(Parser.classify(h), ref) {
                return h
            }
        }
        return nil
    }

    static func validateKey(_ key: String) throws {
        func bad(_ r: String) -> ConfigEditError { .invalidKey(key: key, reason: r) }
        if key.isEmpty { throw bad("empty") }
        if key != PyText.lower(key) { throw bad("keys must be lower case (botocore lower-cases them)") }
        if key.unicodeScalars.contains(where: { $0 == "=" || $0 == ":" || $0.value < 0x20 || $0.value == 0x7F }) {
            throw bad("'=', ':' and control characters are not allowed")
        }
        if PyText.strip(key) != key { throw bad("leading or trailing whitespace") }
        if key.hasPrefix("#") || key.hasPrefix(";") || key.hasPrefix("[") { throw bad("cannot start with '#', ';' or '['") }
    }

    static func validateValue(_ value: String, key: String) throws {
        if value.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }) {
            throw ConfigEditError.invalidValue(key: key, reason: "line breaks are not allowed")
        }
        if PyText.strip(value) != value {
            throw ConfigEditError.invalidValue(key: key, reason: "leading or trailing whitespace would be lost")
        }
        if value.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" || $0.value == 0x7F }) {
            throw ConfigEditError.invalidValue(key: key, reason: "control characters are not allowed")
        }
    }
}
