/// Small re-implementations of the Python string rules botocore's config parser relies on
/// (`str.isspace`, `str.strip`, `str.splitlines`, `shlex.split`, `shlex.quote`), so that our
/// reading of a config file matches botocore's character for character.
enum PyText {
    /// Python `str.isspace()` for one code point (bidi class WS/B/S or category Zs).
    static func isSpace(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029,
             0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// Python `str.strip()` for a String (fast path: nothing to strip).
    static func strip(_ s: String) -> String {
        guard let f = s.unicodeScalars.first, let l = s.unicodeScalars.last else { return s }
        if !isSpace(f) && !isSpace(l) { return s }
        return strip(s[...])
    }

    /// Python `str.rstrip()` for a String (fast path: nothing to strip).
    static func rstrip(_ s: String) -> String {
        guard let l = s.unicodeScalars.last, isSpace(l) else { return s }
        return rstrip(s[...])
    }

    /// Python `str.strip()` with no arguments. (Slicing the Substring and copying it once: the
    /// scalar-by-scalar copy this replaced was most of the parse time of a 2,000-profile config.)
    static func strip(_ sub: Substring) -> String {
        let u = sub.unicodeScalars
        var lo = u.startIndex, hi = u.endIndex
        while lo < hi, isSpace(u[lo]) { lo = u.index(after: lo) }
        while hi > lo, isSpace(u[u.index(before: hi)]) { hi = u.index(before: hi) }
        return String(sub[lo..<hi])
    }

    /// Python `str.rstrip()` with no arguments.
    static func rstrip(_ sub: Substring) -> String {
        let u = sub.unicodeScalars
        var hi = u.endIndex
        while hi > u.startIndex, isSpace(u[u.index(before: hi)]) { hi = u.index(before: hi) }
        return String(sub[u.startIndex..<hi])
    }

    /// Code-point equality, as Python compares strings (Swift's `==` treats canonically
    /// equivalent strings as equal). Byte comparison of the UTF-8, without per-element iteration.
    @inline(__always)
    static func same(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { pa in
            b.withUTF8 { pb in pa.count == pb.count && (pa.count == 0 || memcmp(pa.baseAddress!, pb.baseAddress!, pa.count) == 0) }
        }
    }

    /// Whether every byte is ASCII.
    @inline(__always)
    static func isASCII(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { b in
            var acc: UInt8 = 0
            for x in b { acc |= x }
            return acc < 0x80
        }
    }

    /// Python `str.lower()`: full lower-case mapping per code point, with the Final_Sigma rule
    /// (`Σ` at the end of a word becomes `ς`). configparser lower-cases keys with it.
    static func lower(_ s: String) -> String {
        if isASCII(s) {
            // Keys are nearly always lower case already: no copy then.
            var t = s
            let upper = t.withUTF8 { b in b.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) }
            return upper ? s.lowercased() : s
        }
        let u = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        for (i, c) in u.enumerated() {
            if c == "\u{03A3}" {
                var j = i - 1
                while j >= 0, u[j].properties.isCaseIgnorable { j -= 1 }
                let before = j >= 0 && u[j].properties.isCased
                var k = i + 1
                while k < u.count, u[k].properties.isCaseIgnorable { k += 1 }
                let after = k < u.count && u[k].properties.isCased
                out.append(before && !after ? "\u{03C2}" : "\u{03C3}")
            } else {
                out.append(contentsOf: c.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(out)
    }

    /// Number of leading whitespace code points (configparser's indent level).
    static func indent<S: StringProtocol>(_ s: S) -> Int {
        var n = 0
        for u in s.unicodeScalars {
            if isSpace(u) { n += 1 } else { break }
        }
        return n
    }

    /// Python `str.splitlines()` (without keepends).
    static func splitlines(_ s: String) -> [String] {
        var out: [String] = []
        var cur = String.UnicodeScalarView()
        var pendingCR = false
        var any = false
        for u in s.unicodeScalars {
            any = true
            if pendingCR {
                pendingCR = false
                if u == "\n" { continue }
            }
            switch u.value {
            case 0x0A, 0x0B, 0x0C, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029:
                out.append(String(cur)); cur = String.UnicodeScalarView()
            case 0x0D:
                out.append(String(cur)); cur = String.UnicodeScalarView(); pendingCR = true
            default:
                cur.append(u)
            }
        }
        if !cur.isEmpty { out.append(String(cur)) }
        _ = any
        return out
    }

    /// Python `shlex.split(s)` (POSIX mode, no comments). Returns nil where Python raises
    /// `ValueError` (unclosed quotation, trailing escape).
    static func shlexSplit(_ s: String) -> [String]? {
        let ws: Set<Unicode.Scalar> = [" ", "\t", "\r", "\n"]
        var tokens: [String] = []
        var token = String.UnicodeScalarView()
        var inToken = false      // a token has started (possibly empty, via quotes)
        var it = Array(s.unicodeScalars)[...]
        while let c = it.popFirst() {
            if ws.contains(c) {
                if inToken { tokens.append(String(token)); token = .init(); inToken = false }
                continue
            }
            inToken = true
            switch c {
            case "\\":
                guard let n = it.popFirst() else { return nil }
                token.append(n)
            case "'":
                var closed = false
                while let n = it.popFirst() {
                    if n == "'" { closed = true; break }
                    token.append(n)
                }
                if !closed { return nil }
            case "\"":
                var closed = false
                while let n = it.popFirst() {
                    if n == "\"" { closed = true; break }
                    if n == "\\" {
                        guard let m = it.popFirst() else { return nil }
                        if m != "\"" && m != "\\" { token.append("\\") }
                        token.append(m)
                        continue
                    }
                    token.append(n)
                }
                if !closed { return nil }
            default:
                token.append(c)
            }
        }
        if inToken { tokens.append(String(token)) }
        return tokens
    }

    /// Python `shlex.quote(s)`.
    static func shlexQuote(_ s: String) -> String {
        if s.isEmpty { return "''" }
        let safe = s.unicodeScalars.allSatisfy { u in
            u.isASCII && (("a"..."z").contains(u) || ("A"..."Z").contains(u) || ("0"..."9").contains(u)
                          || "_@%+=:,./-".unicodeScalars.contains(u))
        }
        if safe { return s }
        return "'" + s.replacingOccurrences(of: "'", with: "'\"'\"'") + "'"
    }
}

import Foundation
