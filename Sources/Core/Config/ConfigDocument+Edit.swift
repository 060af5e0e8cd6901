import Foundation

/// Edits. Every edit rewrites only the lines it must (a changed key line, an inserted key line,
/// a renamed header, a removed section), re-parses the result, checks that botocore would read
/// exactly the intended values, and leaves the document unchanged when it throws.
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

    // MARK: Generic edits

    /// Sets (or, for a nil value, removes) keys in a section, creating the section at the end of
    /// the file (in `aws configure sso` layout) when it does not exist and some value is non-nil.
    /// An existing key keeps its line, spelling and spacing; only the value text changes. A key
    /// whose value is already the intended one is not touched at all.
    public mutating func setValues(_ pairs: [(key: String, value: String?)], in ref: SectionRef) throws {
        let (kind, name) = Self.kindName(ref)
        try Self.validateName(name, kind: kind)
        for (k, v) in pairs {
            try Self.validateKey(k)
            if let v { try Self.validateValue(v, key: k) }
        }
        var copy = self
        try copy.applySetValues(pairs, in: ref)
        try copy.verify(ref: ref, pairs: pairs)
        self = copy
    }

    /// Sets one key (nil removes it). See `setValues(_:in:)`.
    public mutating func setValue(_ value: String?, forKey key: String, in ref: SectionRef) throws {
        try setValues([(key, value)], in: ref)
    }

    mutating func applySetValues(_ pairs: [(key: String, value: String?)], in ref: SectionRef) throws {
        guard let idx = parsed.effectiveIndex(ref) else {
            let present = pairs.compactMap { p in p.value.map { (p.key, $0) } }
            if present.isEmpty { return }
            try appendSection(ref, present.map { ["\($0.0) = \($0.1)"] })
            return
        }
        var sectionHeaderLine = parsed.sections[idx].headerLine
        for (key, value) in pairs {
            guard let sIdx = parsed.sections.firstIndex(where: { $0.headerLine == sectionHeaderLine }) else {
                throw ConfigEditError.verificationFailed("section moved")
            }
            let section = parsed.sections[sIdx]
            if let e = section.entry(key) {
                if let value {
                    if case .string(let cur) = e.configValue, cur == value, e.moreParts.isEmpty { continue }
                    let prefix = Self.keyPrefix(lines[e.keyLine].text)
                    if e.lastLine == e.keyLine, let k = section.entries.firstIndex(where: { $0.keyLine == e.keyLine }) {
                        // One line for one line, same key and indent: the parse changes only in
                        // this entry's first value piece (no full re-parse needed).
                        lines[e.keyLine].text = prefix + value
                        parsed.sections[sIdx].entries[k].first = value
                        continue
                    }
                    replace(e.keyLine...e.lastLine, with: [prefix + value])
                } else {
                    replace(e.keyLine...e.lastLine, with: [])
                }
            } else if let value {
                let indent = section.entries.last.map { Self.leadingWhitespace(lines[$0.keyLine].text) } ?? ""
                insert([indent + "\(key) = \(value)"], after: section.lastContentLine)
            }
            try reparse()
            sectionHeaderLine = parsed.sections[sIdx].headerLine
        }
    }

    /// The part of a key line up to and including the delimiter and the whitespace after it;
    /// `key =` with nothing after gets one space.
    static func keyPrefix(_ text: String) -> String {
        let s = Array(text.unicodeScalars)
        guard let d = s.firstIndex(where: { $0 == "=" || $0 == ":" }) else { return text + " = " }
        var end = d + 1
        while end < s.count, PyText.isSpace(s[end]) { end += 1 }
        var v = String.UnicodeScalarView()
        v.append(contentsOf: s[0..<end])
        var p = String(v)
        if end == d + 1 { p += " " }
        return p
    }

    static func leadingWhitespace(_ text: String) -> String {
        var v = String.UnicodeScalarView()
        for u in text.unicodeScalars { if PyText.isSpace(u) { v.append(u) } else { break } }
        return String(v)
    }

    /// The line terminator new lines get: CRLF when most terminated lines use it, else LF.
    var newlineStyle: String {
        var crlf = 0, lf = 0
        for l in lines { if l.eol == "\r\n" { crlf += 1 } else if l.eol == "\n" { lf += 1 } }
        return crlf > lf ? "\r\n" : "\n"
    }

    mutating func replace(_ range: ClosedRange<Int>, with texts: [String]) {
        if texts.isEmpty {
            removeLines(range.lowerBound..<(range.upperBound + 1))
            return
        }
        let lastEol = lines[range.upperBound].eol
        let nl = newlineStyle
        var new = texts.map { Line(text: $0, eol: nl) }
        new[new.count - 1].eol = lastEol
        lines.replaceSubrange(range, with: new)
    }

    /// Removes whole lines. Lines around the range keep their bytes, except in one case: when
    /// the line before ends in a lone `\r` and the line after is an empty `\n` line, the two
    /// would merge into one CRLF and a blank line would vanish; then the line before takes the
    /// terminator of the last removed line (which was `\n` or `\r\n`, or they would have merged).
    mutating func removeLines(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        if range.lowerBound > 0, range.upperBound < lines.count, lines[range.lowerBound - 1].eol == "\r",
           lines[range.upperBound].text.isEmpty, lines[range.upperBound].eol == "\n" {
            lines[range.lowerBound - 1].eol = lines[range.upperBound - 1].eol
        }
        lines.removeSubrange(range)
    }

    mutating func insert(_ texts: [String], after index: Int) {
        let nl = newlineStyle
        if index >= 0, index < lines.count, lines[index].eol.isEmpty { lines[index].eol = nl }
        lines.insert(contentsOf: texts.map { Line(text: $0, eol: nl) }, at: index + 1)
    }

    /// Appends `[header]` and the given entry lines at the end of the file, as AWS CLI v2's
    /// `ConfigFileWriter` does (a newline first if the file does not end with one).
    /// A section parsed from lines `n...` with its line numbers made the document's.
    static func shifted(_ s: RawSection, by n: Int) -> RawSection {
        var sec = s
        sec.headerLine += n
        sec.endLine += n
        for k in sec.entries.indices {
            sec.entries[k].keyLine += n
            sec.entries[k].lastLine += n
            sec.entries[k].moreLines = sec.entries[k].moreLines.map { $0 + n }
        }
        return sec
    }

    static func isBlank(_ t: String) -> Bool { t.unicodeScalars.allSatisfy { PyText.isSpace($0) } }

    /// Whether most section headers after the first are preceded (above their comments) by a blank line.
    var separatesSectionsWithBlankLines: Bool {
        var yes = 0, no = 0
        for sec in parsed.sections.dropFirst() {
            var i = sec.headerLine - 1
            while i >= 0, let f = lines[i].text.unicodeScalars.first(where: { !PyText.isSpace($0) }), f == "#" || f == ";" { i -= 1 }
            guard i >= 0 else { continue }
            if Self.isBlank(lines[i].text) { yes += 1 } else { no += 1 }
        }
        return yes > 0 && yes >= no
    }

    /// Follows the file's style before a new section is appended: when it separates its
    /// sections with a blank line (`styled`), so does the new one; a file without blank lines
    /// stays without. (The blank line belongs to the section above, as configparser reads it.)
    mutating func separateFromLastSection(styled: Bool) throws {
        guard styled, let last = lines.last, !Self.isBlank(last.text), !parsed.sections.isEmpty else { return }
        lines.append(Line(text: "", eol: newlineStyle))
        // The last section parsed again on its own (its header resets configparser's state):
        // a blank line can be part of its last value's raw parts.
        let i = parsed.sections.count - 1, h = parsed.sections[i].headerLine
        let tail = try? Parser.parse(Array(lines[h...]), path: path)
        if let tail, tail.defaults.isEmpty, tail.sections.count == 1 {
            parsed.sections[i] = Self.shifted(tail.sections[0], by: h)
        } else {
            try reparse()
        }
    }

    mutating func appendSection(_ ref: SectionRef, _ entries: [[String]]) throws {
        guard let header = Self.headerText(for: ref) else {
            let (k, n) = Self.kindName(ref)
            throw ConfigEditError.invalidName(kind: k, name: n, reason: "botocore would not read this name back")
        }
        let nl = newlineStyle
        if let last = lines.indices.last, lines[last].eol.isEmpty { lines[last].eol = nl }
        try separateFromLastSection(styled: separatesSectionsWithBlankLines)
        let start = lines.count
        var new = [Line(text: "[\(header)]", eol: nl)]
        for e in entries { for t in e { new.append(Line(text: t, eol: nl)) } }
        lines.append(contentsOf: new)
        // Incremental parse: a header at column 0 resets configparser's state, so the new lines
        // parse the same on their own, and the header is new (no section maps to `ref` yet).
        do {
            let tail = try Parser.parse(new, path: path)
            guard tail.defaults.isEmpty, tail.sections.count == 1,
                  !parsed.sections.contains(where: { $0.header.utf8.elementsEqual(tail.sections[0].header.utf8) }) else {
                try reparse()
                return
            }
            parsed.sections.append(Self.shifted(tail.sections[0], by: start))
        } catch {
            try reparse()
        }
    }

    mutating func reparse() throws {
        do {
            parsed = try Parser.parse(lines, path: path)
        } catch let e as ConfigParseError {
            throw ConfigEditError.verificationFailed("the edited file would not parse: \(e.reason) at line \(e.line)")
        }
    }

    func verify(ref: SectionRef, pairs: [(key: String, value: String?)]) throws {
        for (k, v) in pairs {
            let got = value(section: ref, key: k)
            if let v {
                guard got == .string(v) else {
                    throw ConfigEditError.verificationFailed("\(k) did not read back as written")
                }
            } else if got != nil, parsed.defaults.contains(where: { $0.key == k }) == false {
                throw ConfigEditError.verificationFailed("\(k) is still present")
            }
        }
    }

    /// Removes a whole section: its header, keys, comments inside it and blank lines after it.
    /// A comment block directly above the next header is kept (it belongs to that section).
    mutating func removeSection(at idx: Int) {
        let s = parsed.sections[idx]
        var end = s.endLine
        if end < lines.count {
            while end - 1 > s.lastContentLine {
                let st = PyText.strip(lines[end - 1].text)
                if st.hasPrefix("#") || st.hasPrefix(";") { end -= 1 } else { break }
            }
        }
        removeLines(s.headerLine..<end)
    }

    // MARK: Profiles

    /// Adds or updates a profile: writes the typed fields that are non-nil (in `aws configure sso`
    /// key order: sso_session, sso_account_id, sso_role_name, region, output) and leaves every
    /// other key alone. A new profile is appended at the end of the file.
    ///
    /// When `ssoSession` is set and `ssoStartURL`/`ssoRegion` are nil, legacy `sso_start_url` and
    /// `sso_region` keys are removed from the profile: botocore merges the session's keys into
    /// the profile and refuses the profile when the two disagree.
    public mutating func upsertProfile(_ p: ProfileConfig) throws {
        var pairs = p.typedSettings.filter { $0.value != nil }
        if p.ssoSession != nil, p.ssoStartURL == nil, p.ssoRegion == nil,
           let existing = profile(named: p.name) {
            if existing.ssoStartURL != nil { pairs.append(("sso_start_url", nil)) }
            if existing.ssoRegion != nil { pairs.append(("sso_region", nil)) }
        }
        try setValues(pairs, in: .profile(p.name))
    }

    /// Renames a profile by rewriting its header line only (`[default]` <-> `[profile NAME]` as needed).
    public mutating func renameProfile(from old: String, to new: String) throws {
        try Self.validateName(new, kind: "profile")
        let idxs = parsed.indices(.profile(old))
        guard !idxs.isEmpty else { throw ConfigEditError.profileNotFound(old) }
        if old.utf8.elementsEqual(new.utf8) { return }
        guard parsed.indices(.profile(new)).isEmpty else { throw ConfigEditError.profileExists(new) }
        guard idxs.count == 1 else {
            let ls = idxs.map { String(parsed.sections[$0].headerLine + 1) }.joined(separator: " and ")
            throw ConfigEditError.verificationFailed(
                "profile '\(old)' is defined more than once (lines \(ls)); fix the file by hand first")
        }
        guard let header = Self.headerText(for: .profile(new)) else {
            throw ConfigEditError.invalidName(kind: "profile", name: new, reason: "botocore would not read this name back")
        }
        var copy = self
        let s = parsed.sections[idxs[0]]
        copy.lines[s.headerLine].text = Self.rewriteHeader(lines[s.headerLine].text, to: header)
        try copy.reparse()
        guard copy.profile(named: new)?.values == profile(named: old)?.values, copy.profile(named: old) == nil else {
            throw ConfigEditError.verificationFailed("rename did not read back")
        }
        self = copy
    }

    /// Keeps the indentation before `[` and anything after the closing `]`.
    static func rewriteHeader(_ text: String, to header: String) -> String {
        let s = Array(text.unicodeScalars)
        guard let open = s.firstIndex(of: "["), let close = s.lastIndex(of: "]"), close > open else {
            return "[\(header)]"
        }
        var pre = String.UnicodeScalarView(); pre.append(contentsOf: s[0..<open])
        var post = String.UnicodeScalarView(); post.append(contentsOf: s[(close + 1)...])
        return String(pre) + "[\(header)]" + String(post)
    }

    /// Removes a profile (every section botocore maps to that name).
    public mutating func removeProfile(_ name: String) throws {
        guard !parsed.indices(.profile(name)).isEmpty else { throw ConfigEditError.profileNotFound(name) }
        var copy = self
        while let i = copy.parsed.indices(.profile(name)).last {
            copy.removeSection(at: i)
            try copy.reparse()
        }
        self = copy
    }

    /// The keys `setDefault` copies: what says which role, and region/output.
    public static let defaultProfileKeys: Set<String> = [
        "sso_session", "sso_account_id", "sso_role_name", "sso_start_url", "sso_region", "sso_registration_scopes",
        "region", "output",
    ]
    /// The SSO keys of those: `[default]`'s own that `name` does not have are removed (they would
    /// mix two identities); its other keys (`cli_pager`, `credential_process`, ...) stay.
    static let defaultSSOKeys: Set<String> = ["sso_session", "sso_account_id", "sso_role_name", "sso_start_url", "sso_region",
                                              "sso_registration_scopes"]

    /// Makes the `[default]` profile use the role of profile `name`: its SSO keys and
    /// region/output are set in place or added, `[default]`'s SSO keys that `name` does not have
    /// are removed, and every other key of `[default]` stays (nothing else of `name` is copied:
    /// not the `sso_tui_generated` marker, which would hand `[default]` to populate). Comments stay.
    public mutating func setDefault(profile name: String) throws {
        guard let src = parsed.effectiveIndex(.profile(name)) else { throw ConfigEditError.profileNotFound(name) }
        if name == "default" { return }
        let source = parsed.sections[src]
        let sourceLines: [(String, [String], ConfigValue)] = source.entries.filter { Self.defaultProfileKeys.contains($0.key) }.map { e in
            let texts = (e.keyLine...e.lastLine).map { lines[$0].text }
            return (e.key, texts, e.configValue)
        }
        var copy = self
        if copy.parsed.effectiveIndex(.profile("default")) == nil {
            try copy.appendSection(.profile("default"), sourceLines.map { key, texts, _ in
                var t = texts
                t[0] = Self.stripLeading(t[0])
                return t
            })
        } else {
            for (key, texts, value) in sourceLines {
                let d = copy.parsed.effectiveIndex(.profile("default"))!
                let target = copy.parsed.sections[d]
                var t = texts
                if let e = target.entry(key) {
                    if e.configValue == value { continue }
                    t[0] = (t.count == 1 ? Self.leadingWhitespace(copy.lines[e.keyLine].text) : "") + Self.stripLeading(t[0])
                    copy.replace(e.keyLine...e.lastLine, with: t)
                } else {
                    let indent = target.entries.last.map { Self.leadingWhitespace(copy.lines[$0.keyLine].text) } ?? ""
                    t[0] = (t.count == 1 ? indent : "") + Self.stripLeading(t[0])
                    copy.insert(t, after: target.lastContentLine)
                }
                try copy.reparse()
            }
            let keep = Set(sourceLines.map(\.0))
            while true {
                let d = copy.parsed.effectiveIndex(.profile("default"))!
                guard let e = copy.parsed.sections[d].entries.first(where: { Self.defaultSSOKeys.contains($0.key) && !keep.contains($0.key) })
                else { break }
                copy.replace(e.keyLine...e.lastLine, with: [])
                try copy.reparse()
            }
        }
        let want = Dictionary(sourceLines.map { ($0.0, $0.2) }, uniquingKeysWith: { _, b in b })
        let d = copy.parsed.effectiveIndex(.profile("default"))!
        let got = Dictionary(copy.parsed.sections[d].entries.filter { want[$0.key] != nil || Self.defaultSSOKeys.contains($0.key) }
            .map { ($0.key, $0.configValue) }, uniquingKeysWith: { _, b in b })
        guard got == want else { throw ConfigEditError.verificationFailed("default did not read back as \(name)") }
        self = copy
    }

    static func stripLeading(_ s: String) -> String {
        String(s.unicodeScalars.drop(while: { PyText.isSpace($0) }).map(Character.init))
    }

    // MARK: sso-sessions

    /// Adds or updates an `[sso-session NAME]`: sso_start_url, sso_region and (when non-empty)
    /// sso_registration_scopes joined with `,`, in `aws configure sso` order. Nil fields are left alone.
    public mutating func upsertSSOSession(_ s: SSOSessionConfig) throws {
        var pairs: [(key: String, value: String?)] = []
        if let u = s.startURL { pairs.append(("sso_start_url", u)) }
        if let r = s.region { pairs.append(("sso_region", r)) }
        if !s.scopes.isEmpty {
            for sc in s.scopes where sc.contains(",") || PyText.strip(sc) != sc || sc.isEmpty {
                throw ConfigEditError.invalidValue(key: "sso_registration_scopes", reason: "bad scope '\(sc)'")
            }
            pairs.append(("sso_registration_scopes", s.scopes.joined(separator: ",")))
        }
        if s.values[CompatProfiles.key] == "true" { pairs.append((CompatProfiles.key, "true")) }
        try setValues(pairs, in: .ssoSession(s.name))
    }

    /// Removes an `[sso-session NAME]`. Fails with `ssoSessionInUse` listing the profiles that
    /// still use it unless `force` is true (then those profiles are left pointing at nothing).
    public mutating func removeSSOSession(_ name: String, force: Bool = false) throws {
        guard !parsed.indices(.ssoSession(name)).isEmpty else { throw ConfigEditError.ssoSessionNotFound(name) }
        let users = profiles(usingSession: name)
        if !users.isEmpty && !force { throw ConfigEditError.ssoSessionInUse(name: name, profiles: users) }
        var copy = self
        while let i = copy.parsed.indices(.ssoSession(name)).last {
            copy.removeSection(at: i)
            try copy.reparse()
        }
        self = copy
    }
}
