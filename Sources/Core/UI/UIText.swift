import Foundation

/// Text for the terminal: durations, server text made safe to print, shell quoting.
public enum UIText {
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
