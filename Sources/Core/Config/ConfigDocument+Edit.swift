import Foundation

/// Edits. Every edit rewrites only the lines it must (a changed key line, an inserted key line,
/// a renamed header, a removed section), re-parses the result, checks that botocore would read
/// exactly the intended values, and leaves the document unchanged when it throws.
extension ConfigDocument {

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
}
