import Foundation

extension ConfigDocument {
    /// Appends many new sections at once, exactly as `setValues` would append each of them (same
    /// header, `key = value` lines, the file's newline style, a newline first when the file does
    /// not end with one), but in one pass: O(file + new lines) instead of O(file) per section,
    /// which made `populate` of 2,000 profiles take seconds. A section that already exists (or
    /// appears twice in `items`) is handed to `setValues` one by one instead. All or nothing: on
    /// any error the document is as before.
    ///
    /// ```swift
    /// try doc.appendNewSections([(.profile("dev"), [("sso_session", "acme"), ("region", "eu-west-1")])])
    /// ```
    public mutating func appendNewSections(_ items: [(ref: SectionRef, pairs: [(key: String, value: String)])]) throws {
        guard !items.isEmpty else { return }
        // Which refs exist already (one pass over the sections).
        var existing = Set<[UInt8]>()
        for s in parsed.sections { if let k = Self.refKey(s.kind) { existing.insert(k) } }
        var existingHeaders = Set<[UInt8]>()
        for s in parsed.sections { existingHeaders.insert(Array(s.header.utf8)) }
        var fresh: [(header: String, pairs: [(key: String, value: String)])] = []
        var others: [(ref: SectionRef, pairs: [(key: String, value: String)])] = []
        for it in items {
            let (kind, name) = Self.kindName(it.ref)
            try Self.validateName(name, kind: kind)
            for (k, v) in it.pairs {
                try Self.validateKey(k)
                try Self.validateValue(v, key: k)
            }
            guard let key = Self.refKey(it.ref), !existing.contains(key), let header = Self.headerText(for: it.ref),
                  !existingHeaders.contains(Array(header.utf8)) else {
                others.append(it)
                continue
            }
            existing.insert(key)
            existingHeaders.insert(Array(header.utf8))
            fresh.append((header, it.pairs))
        }
        if !fresh.isEmpty {
            let saved = self
            func rollback() { self = saved }
            let nl = newlineStyle
            // The file's style, as `setValues` follows it: a blank line between sections when
            // the file separates its sections that way.
            let styled = separatesSectionsWithBlankLines
            if let last = lines.indices.last, lines[last].eol.isEmpty { lines[last].eol = nl }
            do { try separateFromLastSection(styled: styled) } catch { rollback(); throw error }
            var new: [Line] = []
            new.reserveCapacity(fresh.reduce(0) { $0 + 2 + $1.pairs.count })
            for (j, f) in fresh.enumerated() {
                if styled && j > 0 { new.append(Line(text: "", eol: nl)) }
                new.append(Line(text: "[\(f.header)]", eol: nl))
                for (k, v) in f.pairs { new.append(Line(text: "\(k) = \(v)", eol: nl)) }
            }
            let start = lines.count
            lines.append(contentsOf: new)
            // Headers at column 0 reset configparser's state: the new lines parse the same alone.
            let tail: Parsed
            do { tail = try Parser.parse(new, path: path) } catch {
                rollback()
                throw ConfigEditError.verificationFailed("the edited file would not parse: \(error)")
            }
            guard tail.defaults.isEmpty, tail.sections.count == fresh.count else {
                rollback()
                throw ConfigEditError.verificationFailed("the new sections did not read back as written")
            }
            for (j, sec) in tail.sections.enumerated() {
                // Read back: each written key has the value meant (own keys win over [DEFAULT]).
                for (k, v) in fresh[j].pairs where sec.entry(k)?.configValue != .string(v) {
                    rollback()
                    throw ConfigEditError.verificationFailed("\(k) did not read back as written")
                }
                parsed.sections.append(Self.shifted(sec, by: start))
            }
        }
        if !others.isEmpty {
            var copy = self
            for it in others { try copy.setValues(it.pairs.map { ($0.key, Optional($0.value)) }, in: it.ref) }
            self = copy
        }
    }

    /// A key naming what a section is for botocore (kind and name), or nil for other sections.
    static func refKey(_ kind: SectionKind) -> [UInt8]? {
        switch kind {
        case .profile(let n): return [1] + Array(n.utf8)
        case .ssoSession(let n): return [2] + Array(n.utf8)
        case .services(let n): return [3] + Array(n.utf8)
        default: return nil
        }
    }

    static func refKey(_ ref: SectionRef) -> [UInt8]? {
        switch ref {
        case .profile(let n): return refKey(SectionKind.profile(n))
        case .ssoSession(let n): return refKey(SectionKind.ssoSession(n))
        case .services(let n): return refKey(SectionKind.services(n))
        }
    }
}
