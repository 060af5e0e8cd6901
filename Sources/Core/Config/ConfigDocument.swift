import Foundation

/// A lossless model of an AWS config file (`~/.aws/config`).
///
/// The text is kept as a list of lines, each with its own line terminator (`\n`, `\r\n`, a lone
/// `\r`, or none for a last line without newline), so `render()` returns the input byte for byte
/// until an edit changes something, and an edit rewrites only the lines it must.
///
/// Reading follows botocore 1.43 exactly (Python `configparser.RawConfigParser` plus botocore's
/// `build_profile_map`): `=` and `:` delimiters, no inline comments, keys lower-cased, indented
/// continuation lines, nested `s3 =` blocks, `[DEFAULT]` keys merged into every section, section
/// classification by shlex-splitting the header, a later `[default]`/`[profile default]` winning,
/// duplicate sections or keys being a parse error.
///
/// ```swift
/// var doc = try ConfigDocument(text: try String(contentsOfFile: path), path: path)
/// doc.profile(named: "dev")?.region
/// try doc.upsertProfile(ProfileConfig(name: "dev", ssoSession: "corp", ssoAccountId: "123456789012",
///                                     ssoRoleName: "Admin", region: "eu-west-1"))
/// let text = doc.render()
/// ```
public struct ConfigDocument: Sendable, Equatable {
    /// One physical line: its text (without terminator) and its terminator as found.
    public struct Line: Sendable, Equatable {
        public var text: String
        /// `"\n"`, `"\r\n"`, `"\r"` or `""` (only for a last line without newline).
        public var eol: String
        public init(text: String, eol: String) {
            self.text = text
            self.eol = eol
        }
    }

    /// Where the text came from (used in error messages only).
    public var path: String?
    /// The lines of the file. Mutate through the edit methods, which keep the parse in sync.
    public internal(set) var lines: [Line]
    var parsed: Parsed

    /// Parses `text`. Throws `ConfigParseError` (with `path` and a 1-based line number) for
    /// anything botocore would refuse to load.
    public init(text: String, path: String? = nil) throws {
        self.path = path
        self.lines = Self.splitLines(text)
        self.parsed = try Parser.parse(lines, path: path)
    }

    /// An empty document (a missing file counts as empty, as in botocore).
    public static func empty(path: String? = nil) -> ConfigDocument {
        // An empty text always parses.
        return try! ConfigDocument(text: "", path: path)
    }

    /// The document as text; byte-identical to the input when nothing was edited.
    public func render() -> String {
        var out = ""
        out.reserveCapacity(lines.reduce(0) { $0 + $1.text.utf8.count + 2 })
        for l in lines {
            out += l.text
            out += l.eol
        }
        return out
    }

    static func splitLines(_ text: String) -> [Line] {
        var text = text
        return text.withUTF8 { bytes in splitLines(bytes) }
    }

    static func splitLines(_ bytes: UnsafeBufferPointer<UInt8>) -> [Line] {
        var result: [Line] = []
        var start = 0
        var i = 0
        let n = bytes.count
        // About 25 bytes a line in a generated config: one allocation, not a dozen regrowths.
        result.reserveCapacity(n / 24 + 1)
        var intern = LineIntern()
        while i < n {
            let b = bytes[i]
            if b == 0x0A || b == 0x0D {
                let body = intern.string(bytes, start, i)
                if b == 0x0D, i + 1 < n, bytes[i + 1] == 0x0A {
                    result.append(Line(text: body, eol: "\r\n"))
                    i += 2
                } else {
                    result.append(Line(text: body, eol: b == 0x0A ? "\n" : "\r"))
                    i += 1
                }
                start = i
            } else {
                i += 1
            }
        }
        if start < n {
            result.append(Line(text: String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<n]), as: UTF8.self), eol: ""))
        }
        return result
    }

    /// Equal line texts share one String (a generated config repeats `region = eu-west-1`,
    /// `sso_session = acme`...): a String longer than 15 bytes is an allocation each. A small
    /// direct-mapped table by a hash of the bytes; a miss just makes the String.
    struct LineIntern {
        var table = [String?](repeating: nil, count: 1024)

        mutating func string(_ b: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> String {
            let n = hi - lo
            if n <= 15 || n > 200 { return String(decoding: UnsafeBufferPointer(rebasing: b[lo..<hi]), as: UTF8.self) }
            var h: UInt32 = 2166136261
            for k in lo..<hi { h = (h ^ UInt32(b[k])) &* 16777619 }
            let slot = Int(h & 1023)
            if var t = table[slot] {
                let same = t.withUTF8 { tb in tb.count == n && memcmp(tb.baseAddress!, b.baseAddress! + lo, n) == 0 }
                if same { return t }
            }
            let s = String(decoding: UnsafeBufferPointer(rebasing: b[lo..<hi]), as: UTF8.self)
            table[slot] = s
            return s
        }
    }

    // MARK: - Read views

    /// The sections of the file in order, as botocore sees them (without `[DEFAULT]` merging).
    public var sections: [SectionInfo] {
        parsed.sections.map { s in
            SectionInfo(header: s.header, kind: s.kind, headerLine: s.headerLine + 1,
                        values: Dictionary(s.entries.map { ($0.key, $0.configValue) },
                                           uniquingKeysWith: { _, b in b }))
        }
    }

    /// Every profile botocore would see (`[profile NAME]` and `[default]`), in botocore's order.
    public var profiles: [ProfileConfig] {
        parsed.effective(kindOf: { if case let .profile(n) = $0 { return n } else { return nil } })
            .map { name, idx in makeProfile(name: name, index: idx) }
    }

    /// Every `[sso-session NAME]` botocore would see, in botocore's order.
    public var ssoSessions: [SSOSessionConfig] {
        parsed.effective(kindOf: { if case let .ssoSession(n) = $0 { return n } else { return nil } })
            .map { name, idx in makeSession(name: name, section: parsed.sections[idx]) }
    }

    /// Every `[services NAME]` section botocore would see.
    public var services: [ServicesConfig] {
        parsed.effective(kindOf: { if case let .services(n) = $0 { return n } else { return nil } })
            .map { name, idx in ServicesConfig(name: name, values: parsed.mergedValues(idx)) }
    }

    /// The profile botocore would use for `name` (the later section wins), or nil.
    public func profile(named name: String) -> ProfileConfig? {
        guard let idx = parsed.effectiveIndex(.profile(name)) else { return nil }
        return makeProfile(name: name, index: idx)
    }

    /// The `[sso-session NAME]` section, or nil.
    public func ssoSession(named name: String) -> SSOSessionConfig? {
        guard let idx = parsed.effectiveIndex(.ssoSession(name)) else { return nil }
        return makeSession(name: name, section: parsed.sections[idx])
    }

    /// The `[services NAME]` section, or nil.
    public func services(named name: String) -> ServicesConfig? {
        guard let idx = parsed.effectiveIndex(.services(name)) else { return nil }
        return ServicesConfig(name: name, values: parsed.mergedValues(idx))
    }

    /// A value as botocore reads it (including keys inherited from `[DEFAULT]`). `key` is
    /// matched lower-cased, as botocore stores it.
    public func value(section: SectionRef, key: String) -> ConfigValue? {
        guard let idx = parsed.effectiveIndex(section) else { return nil }
        return parsed.mergedValues(idx)[PyText.lower(key)]
    }

    /// A sub-key of a nested block, e.g. `value(section: .services("s"), key: "sso_oidc", subKey: "endpoint_url")`.
    /// Sub-keys are case-sensitive, as in botocore.
    public func value(section: SectionRef, key: String, subKey: String) -> String? {
        guard case let .nested(d)? = value(section: section, key: key) else { return nil }
        return d[subKey]
    }

    /// A value from any section by its raw header text (e.g. `"preview"`, `"profile dev"`).
    public func value(sectionHeader: String, key: String) -> ConfigValue? {
        guard let idx = parsed.sections.lastIndex(where: { $0.header.utf8.elementsEqual(sectionHeader.utf8) })
        else { return nil }
        return parsed.mergedValues(idx)[PyText.lower(key)]
    }

    /// Names of the profiles whose `sso_session` is `session`, in file order.
    public func profiles(usingSession session: String) -> [String] {
        profiles.filter { $0.ssoSession.map { $0.utf8.elementsEqual(session.utf8) } ?? false }.map(\.name)
    }

    /// Names of the profiles that assume `roleName` in `accountId` through sso-session `session`
    /// (for showing "this role already has a profile").
    public func profileNames(session: String, accountId: String, roleName: String) -> [String] {
        profiles.filter { $0.assumes(session: session, accountId: accountId, role: roleName) }.map(\.name)
    }

    /// One value of the section at `index` as `makeProfile` puts it in `values` (the section's
    /// own key over `[DEFAULT]`'s; a nested block as its raw text).
    func rawValue(index: Int, key: String) -> String? {
        let own = parsed.sections[index].entries
        for j in own.indices.reversed() where own[j].key == key { return own[j].joined }
        for j in parsed.defaults.indices.reversed() where parsed.defaults[j].key == key { return parsed.defaults[j].joined }
        return nil
    }

    func makeProfile(name: String, index: Int) -> ProfileConfig {
        let section = parsed.sections[index]
        let merged = parsed.mergedValues(index)
        var flat: [String: String] = [:]
        var nested: [String: [String: String]] = [:]
        for (k, v) in merged {
            switch v {
            case let .string(s): flat[k] = s
            case let .nested(d): nested[k] = d
            }
        }
        for (k, raw) in parsed.rawMergedValues(section) where nested[k] != nil { flat[k] = raw }
        return ProfileConfig(name: name, ssoSession: flat["sso_session"], ssoAccountId: flat["sso_account_id"],
                             ssoRoleName: flat["sso_role_name"], region: flat["region"], output: flat["output"],
                             ssoStartURL: flat["sso_start_url"], ssoRegion: flat["sso_region"],
                             credentialProcess: flat["credential_process"], values: flat, nested: nested)
    }

    func makeSession(name: String, section: RawSection) -> SSOSessionConfig {
        let raw = parsed.rawMergedValues(section)
        let scopes = (raw["sso_registration_scopes"] ?? "").split(separator: ",", omittingEmptySubsequences: false)
            .map { PyText.strip($0) }.filter { !$0.isEmpty }
        return SSOSessionConfig(name: name, startURL: raw["sso_start_url"], region: raw["sso_region"],
                                scopes: scopes, values: raw)
    }
}

/// A section of the file as botocore reads it.
public struct SectionInfo: Sendable, Equatable {
    /// The header text between `[` and `]`, e.g. `profile dev`.
    public var header: String
    public var kind: SectionKind
    /// 1-based line number of the header.
    public var headerLine: Int
    /// The section's own keys (lower-cased) and values, without `[DEFAULT]` keys.
    public var values: [String: ConfigValue]
}

// MARK: - Parsing (configparser + botocore rules)

struct RawEntry: Sendable, Equatable {
    var key: String
    var keyLine: Int
    /// Last line that belongs to the value (a continuation line), or keyLine.
    var lastLine: Int
    /// The first value piece (on the key line).
    var first: String
    /// Further value pieces as configparser collects them ("" for blank lines inside the value)
    /// and their lines. Empty for the usual one-line value (an empty array allocates nothing:
    /// two arrays per key were a third of the parse time of a 2,000-profile config).
    var moreParts: [String] = []
    var moreLines: [Int] = []
    var indent: Int

    init(key: String, keyLine: Int, lastLine: Int, first: String, indent: Int) {
        self.key = key
        self.keyLine = keyLine
        self.lastLine = lastLine
        self.first = first
        self.indent = indent
    }

    /// Every value piece, the first one included.
    var parts: [String] { [first] + moreParts }
    var partLines: [Int] { [keyLine] + moreLines }

    /// configparser's joined value: `"\n".join(parts).rstrip()`.
    var joined: String { moreParts.isEmpty ? PyText.rstrip(first) : PyText.rstrip(parts.joined(separator: "\n")) }

    var configValue: ConfigValue {
        let j = joined
        if j.hasPrefix("\n") { return .nested(Parser.parseNested(j) ?? [:]) }
        return .string(j)
    }
}

struct RawSection: Sendable, Equatable {
    var header: String
    var kind: SectionKind
    var headerLine: Int
    /// Index of the next section's header line, or the line count.
    var endLine: Int
    var entries: [RawEntry]

    func entry(_ key: String) -> RawEntry? { entries.first { PyText.same($0.key, key) } }
    var lastContentLine: Int { entries.map(\.lastLine).max() ?? headerLine }
}

struct Parsed: Sendable, Equatable {
    var sections: [RawSection]
    /// `[DEFAULT]` entries (merged from every `[DEFAULT]` header).
    var defaults: [RawEntry]

    func mergedValues(_ idx: Int) -> [String: ConfigValue] {
        var d: [String: ConfigValue] = [:]
        for e in defaults { d[e.key] = e.configValue }
        for e in sections[idx].entries { d[e.key] = e.configValue }
        return d
    }

    func rawMergedValues(_ s: RawSection) -> [String: String] {
        var d: [String: String] = [:]
        for e in defaults { d[e.key] = e.joined }
        for e in s.entries { d[e.key] = e.joined }
        return d
    }

    /// botocore's dict-building: order of first appearance of each name, the last section wins.
    func effective(kindOf: (SectionKind) -> String?) -> [(String, Int)] {
        var order: [[UInt8]] = []
        var names: [[UInt8]: (String, Int)] = [:]
        for (i, s) in sections.enumerated() {
            guard let n = kindOf(s.kind) else { continue }
            let k = Array(n.utf8)
            if names[k] == nil { order.append(k) }
            names[k] = (n, i)
        }
        return order.map { names[$0]! }
    }

    func indices(_ ref: SectionRef) -> [Int] {
        sections.indices.filter { Parser.matches(sections[$0].kind, ref) }
    }

    func effectiveIndex(_ ref: SectionRef) -> Int? { indices(ref).last }
}
