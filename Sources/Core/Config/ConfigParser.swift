import Foundation

enum Parser {
    static func matches(_ kind: SectionKind, _ ref: SectionRef) -> Bool {
        switch (kind, ref) {
        case let (.profile(a), .profile(b)), let (.ssoSession(a), .ssoSession(b)), let (.services(a), .services(b)):
            return PyText.same(a, b)
        default:
            return false
        }
    }

    /// Code-point prefix; on the UTF-8 bytes (the same answer: UTF-8 is prefix-preserving).
    static func startsWith(_ s: String, _ p: String) -> Bool { s.utf8.starts(with: p.utf8) }

    /// botocore `build_profile_map` classification of a raw header.
    static func classify(_ header: String) -> SectionKind {
        if PyText.same(header, "DEFAULT") { return .defaults }
        func second() -> String? {
            // Fast path, same result as shlex without quotes or escapes: split on ' \t\r\n'.
            // Scanned in place: the second of exactly two words, or nil.
            var h = header
            let fast: String?? = h.withUTF8 { b -> String?? in
                // `.none`: quotes or escapes, for shlex below; `.some(nil)`: not two words.
                for c in b where c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") {
                    return .none
                }
                let ws: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
                var i = 0
                let n = b.count
                var words = 0
                var second = (0, 0)
                while i < n {
                    while i < n, ws(b[i]) { i += 1 }
                    if i == n { break }
                    let s = i
                    while i < n, !ws(b[i]) { i += 1 }
                    words += 1
                    if words == 2 { second = (s, i) } else if words > 2 { return .some(nil) }
                }
                guard words == 2 else { return .some(nil) }
                return .some(String(decoding: UnsafeBufferPointer(rebasing: b[second.0..<second.1]), as: UTF8.self))
            }
            if let fast { return fast }
            guard let parts = PyText.shlexSplit(header), parts.count == 2 else { return nil }
            return parts[1]
        }
        if startsWith(header, "profile") { return second().map(SectionKind.profile) ?? .other }
        if startsWith(header, "sso-session") { return second().map(SectionKind.ssoSession) ?? .other }
        if startsWith(header, "services") { return second().map(SectionKind.services) ?? .other }
        if PyText.same(header, "default") { return .profile("default") }
        return .other
    }

    /// configparser SECTCRE `\[(?P<header>.+)\]` matched at the start of the stripped line.
    static func matchHeader(_ stripped: String) -> String? {
        let u = stripped.utf8
        guard u.first == UInt8(ascii: "["), let close = u.lastIndex(of: UInt8(ascii: "]")) else { return nil }
        let start = u.index(after: u.startIndex)
        guard start < close else { return nil }
        return String(stripped[start..<close])
    }

    /// configparser OPTCRE on the stripped line: key before the first `=`/`:`, value after it.
    static func matchOption(_ stripped: String) -> (key: String, value: String)? {
        // Fast path on the bytes (a 2,000-profile config has ~14,000 key lines): trim ASCII
        // whitespace and make each String once. A non-ASCII byte at an edge may be Unicode
        // whitespace (Python strips it): then the scalar-based path below decides.
        var bytes = stripped
        let fast: (key: String, value: String)?? = bytes.withUTF8 { b in
            guard let d = b.firstIndex(where: { $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: ":") }) else { return .some(nil) }
            func space(_ c: UInt8) -> Bool { (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) }
            var ke = d
            while ke > 0, space(b[ke - 1]) { ke -= 1 }
            var vs = d + 1, ve = b.count
            while vs < ve, space(b[vs]) { vs += 1 }
            while ve > vs, space(b[ve - 1]) { ve -= 1 }
            if (ke > 0 && b[ke - 1] >= 0x80) || (vs < ve && (b[vs] >= 0x80 || b[ve - 1] >= 0x80)) { return nil }
            return .some((String(decoding: UnsafeBufferPointer(rebasing: b[0..<ke]), as: UTF8.self),
                          String(decoding: UnsafeBufferPointer(rebasing: b[vs..<ve]), as: UTF8.self)))
        }
        if let fast { return fast }
        let u = stripped.utf8
        guard let d = u.firstIndex(where: { $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: ":") }) else { return nil }
        // Slices stripped and copied once each (a 2,000-profile config has ~14,000 such lines).
        return (PyText.rstrip(stripped[u.startIndex..<d]), PyText.strip(stripped[u.index(after: d)...]))
    }

    /// botocore `_parse_nested`; nil where it raises ValueError (a line without `=`).
    static func parseNested(_ value: String) -> [String: String]? {
        var d: [String: String] = [:]
        for line in PyText.splitlines(value) {
            let l = PyText.strip(line)
            if l.isEmpty { continue }
            guard let eq = l.firstIndex(of: "=") else { return nil }
            d[PyText.strip(l[..<eq])] = PyText.strip(l[l.index(after: eq)...])
        }
        return d
    }

    static func isCommentOrBlank(_ text: String) -> Bool {
        let st = PyText.strip(text)
        return st.isEmpty || st.hasPrefix("#") || st.hasPrefix(";")
    }

    /// What one line is, as configparser's loop sees it.
    enum Scanned {
        case blank, comment
        case continuation(stripped: String)
        case header(String, indent: Int)
        case option(key: String, value: String, indent: Int)
        case noDelimiter(indent: Int)
        /// The byte scan cannot decide (non-ASCII at an edge that may be Unicode whitespace).
        case slow
    }

    @inline(__always)
    static func asciiSpace(_ c: UInt8) -> Bool { (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) }

    @inline(__always)
    static func string(_ b: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int, reusing hint: String?) -> String {
        if var h = hint {
            let same = h.withUTF8 { hb in
                hb.count == hi - lo && (hb.count == 0 || memcmp(hb.baseAddress!, b.baseAddress! + lo, hb.count) == 0)
            }
            if same { return h }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: b[lo..<hi]), as: UTF8.self)
    }

    /// One line scanned on its UTF-8 bytes, without intermediate Strings. `keyHint`/`valueHint`
    /// are the key and value at the same place in the previous section: generated profiles repeat
    /// them, and reusing the String saves an allocation each.
    static func scanFast(_ b: UnsafeBufferPointer<UInt8>, canContinue: Bool, indentLevel: Int,
                         keyHint: String?, valueHint: String?) -> Scanned {
        var lo = 0, hi = b.count
        while lo < hi, asciiSpace(b[lo]) { lo += 1 }
        if lo == hi { return .blank }
        while hi > lo, asciiSpace(b[hi - 1]) { hi -= 1 }
        if b[lo] >= 0x80 || b[hi - 1] >= 0x80 { return .slow }
        let f = b[lo]
        if f == UInt8(ascii: "#") || f == UInt8(ascii: ";") { return .comment }
        let ind = lo
        if canContinue && ind > indentLevel { return .continuation(stripped: string(b, lo, hi, reusing: nil)) }
        if f == UInt8(ascii: "[") {
            var close = hi - 1
            while close > lo, b[close] != UInt8(ascii: "]") { close -= 1 }
            if close > lo + 1 { return .header(string(b, lo + 1, close, reusing: nil), indent: ind) }
        }
        var d = lo
        while d < hi, b[d] != UInt8(ascii: "=") && b[d] != UInt8(ascii: ":") { d += 1 }
        if d == hi { return .noDelimiter(indent: ind) }
        var ke = d
        while ke > lo, asciiSpace(b[ke - 1]) { ke -= 1 }
        var vs = d + 1
        while vs < hi, asciiSpace(b[vs]) { vs += 1 }
        if (ke > lo && b[ke - 1] >= 0x80) || (vs < hi && b[vs] >= 0x80) { return .slow }
        return .option(key: string(b, lo, ke, reusing: keyHint), value: string(b, vs, hi, reusing: valueHint), indent: ind)
    }

    /// The same decision on Strings and code points (any line).
    static func scanSlow(_ text: String, canContinue: Bool, indentLevel: Int) -> Scanned {
        let stripped = PyText.strip(text)
        if stripped.isEmpty { return .blank }
        if let f = stripped.utf8.first, f == UInt8(ascii: "#") || f == UInt8(ascii: ";") { return .comment }
        let ind = PyText.indent(text)
        if canContinue && ind > indentLevel { return .continuation(stripped: stripped) }
        if let header = matchHeader(stripped) { return .header(header, indent: ind) }
        guard let (k, v) = matchOption(stripped) else { return .noDelimiter(indent: ind) }
        return .option(key: k, value: v, indent: ind)
    }

    /// Key bytes hashed and compared as bytes (code points, as Python compares section names).
    struct ByteKey: Hashable {
        var s: String
        static func == (a: ByteKey, b: ByteKey) -> Bool { PyText.same(a.s, b.s) }
        func hash(into h: inout Hasher) {
            var t = s
            t.withUTF8 { h.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }

    static func parse(_ lines: [ConfigDocument.Line], path: String?) throws -> Parsed {
        var sections: [RawSection] = []
        var defaults: [RawEntry] = []
        // Current section: index into `sections`, or -1 for [DEFAULT]; nil before any header.
        var cur: Int? = nil
        var curOpt: Int? = nil     // index into the current section's entries
        var indentLevel = 0
        // Headers seen (duplicates are exact: code points).
        var seenSections: [ByteKey: Int] = [:]
        var headerLines: [Int] = []
        seenSections.reserveCapacity(lines.count / 8 + 1)
        headerLines.reserveCapacity(lines.count / 8 + 1)
        sections.reserveCapacity(lines.count / 8 + 1)
        func err(_ i: Int, _ reason: String) -> ConfigParseError {
            ConfigParseError(path: path, line: i + 1, reason: reason)
        }
        // The current section's entries are built here and stored when the section ends.
        var curEntries: [RawEntry] = []
        func flush() {
            if cur == -1 { defaults = curEntries } else if let c = cur { sections[c].entries = curEntries }
            curEntries = []
        }
        if lines.first?.text.unicodeScalars.first == "\u{FEFF}" {
            throw err(0, "file starts with a byte order mark (botocore cannot read it)")
        }
        // The key and value Strings last made at each entry position of a section (hints for
        // reusing an equal String: generated profiles repeat their keys and many values).
        var hintKeys: [String] = [], hintValues: [String] = []

        for i in lines.indices {
            var text = lines[i].text
            let canContinue = cur != nil && curOpt != nil
            var keyHint: String? = nil, valueHint: String? = nil
            let n = curEntries.count
            if n < hintKeys.count { keyHint = hintKeys[n]; valueHint = hintValues[n] }
            var scanned = text.withUTF8 { b in
                scanFast(b, canContinue: canContinue, indentLevel: indentLevel, keyHint: keyHint, valueHint: valueHint)
            }
            if case .slow = scanned { scanned = scanSlow(text, canContinue: canContinue, indentLevel: indentLevel) }
            switch scanned {
            case .blank:
                // Blank line: becomes an empty piece of the current value.
                if cur != nil, let o = curOpt { curEntries[o].moreParts.append(""); curEntries[o].moreLines.append(i) }
                continue
            case .comment, .slow:
                continue
            case let .continuation(stripped):
                let o = curOpt!
                curEntries[o].moreParts.append(stripped); curEntries[o].moreLines.append(i); curEntries[o].lastLine = i
                continue
            case let .header(header, ind):
                indentLevel = ind
                headerLines.append(i)
                flush()
                if PyText.same(header, "DEFAULT") {
                    cur = -1
                    curEntries = defaults
                    defaults = []
                } else {
                    if seenSections[ByteKey(s: header)] != nil {
                        throw err(i, "duplicate section [\(header)]")
                    }
                    seenSections[ByteKey(s: header)] = sections.count
                    curEntries.reserveCapacity(max(hintKeys.count, 4))
                    sections.append(RawSection(header: header, kind: classify(header), headerLine: i,
                                               endLine: lines.count, entries: []))
                    cur = sections.count - 1
                }
                curOpt = nil
                continue
            case let .noDelimiter(ind):
                indentLevel = ind
                guard cur != nil else { throw err(i, "a key before any [section] header") }
                throw err(i, "line has no '=' or ':' (not a key = value line)")
            case let .option(rawKey, value, ind):
                indentLevel = ind
                guard let c = cur else { throw err(i, "a key before any [section] header") }
                if rawKey.isEmpty { throw err(i, "empty key name") }
                let key = PyText.lower(rawKey)
                // Duplicate keys compare by code points, as Python does (a short linear scan).
                // (`==` first: for differing keys it is a byte comparison, and canonically
                // equivalent but different code points make it true, which `same` then refines.)
                // (An index loop: `contains(where:)` copied every entry.)
                var dup = false
                for j in curEntries.indices where curEntries[j].key == key && PyText.same(curEntries[j].key, key) {
                    dup = true
                    break
                }
                if dup {
                    throw err(i, "duplicate key '\(key)' in section [\(c == -1 ? "DEFAULT" : sections[c].header)]")
                }
                let n = curEntries.count
                if n < hintKeys.count {
                    hintKeys[n] = key; hintValues[n] = value
                } else {
                    hintKeys.append(key); hintValues.append(value)
                }
                curEntries.append(RawEntry(key: key, keyLine: i, lastLine: i, first: value, indent: ind))
                curOpt = n
            }
        }
        flush()

        // botocore parses nested blocks (values starting with a newline) of every section,
        // including keys inherited from [DEFAULT]; a line without '=' there is a parse error.
        func checkNested(_ e: RawEntry) throws {
            guard !e.moreParts.isEmpty, e.first.isEmpty, e.joined.hasPrefix("\n") else { return }
            for (p, ln) in zip(e.parts, e.partLines) {
                for piece in PyText.splitlines(p) {
                    let st = PyText.strip(piece)
                    if !st.isEmpty && !st.contains("=") {
                        throw err(ln, "line in the indented block of '\(e.key)' has no '='")
                    }
                }
            }
        }
        var next = 0
        for k in sections.indices {
            let h = sections[k].headerLine
            while next < headerLines.count && headerLines[next] <= h { next += 1 }
            sections[k].endLine = next < headerLines.count ? headerLines[next] : lines.count
        }
        for s in sections { for e in s.entries { try checkNested(e) } }
        if !sections.isEmpty { for e in defaults { try checkNested(e) } }
        return Parsed(sections: sections, defaults: defaults)
    }
}
