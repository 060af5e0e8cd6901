/// Terminal display width of text, independent of the process locale.
///
/// Rules (close to glibc `wcwidth` and to what modern terminals draw):
/// - control characters are 0 (and are not drawn);
/// - combining marks, format characters (ZWJ, ZWSP), variation selectors and Hangul medial
///   jamo are 0;
/// - East Asian Wide/Fullwidth characters (CJK, Hangul syllables, fullwidth forms) are 2;
/// - emoji with default emoji presentation, and any emoji followed by VS16 (U+FE0F), are 2;
/// - everything else is 1.
/// A grapheme cluster (a Swift `Character`) takes the width of its widest base scalar, so
/// `"e\u{301}"` is 1, `"🇨🇭"` is 2 and `"👩‍💻"` is 2.
///
/// ```swift
/// DisplayWidth.of("Zürich 東京")    // 11
/// DisplayWidth.of(Character("東"))  // 2
/// ```
public enum DisplayWidth {
    /// Sorted, non-overlapping ranges of East Asian Wide and Fullwidth code points
    /// (Unicode 15 EastAsianWidth.txt, W and F, without emoji, which are handled separately),
    /// adjusted to agree with glibc's `wcwidth`, which curses uses to place the cursor.
    static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x2E99, 0x2E9B...0x2EF3, 0x2F00...0x2FD5,
        0x2FF0...0x2FFB, 0x3000...0x303E, 0x3041...0x3096, 0x3099...0x30FF, 0x3105...0x312F,
        0x3131...0x318E, 0x3190...0x31E3, 0x31F0...0x321E, 0x3220...0xA48C, 0xA490...0xA4C6, 0xA960...0xA97C, 0xAC00...0xD7A3, 0xF900...0xFAFF,
        0xFE10...0xFE19, 0xFE30...0xFE52, 0xFE54...0xFE66, 0xFE68...0xFE6B, 0xFF01...0xFF60,
        0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x16FF0...0x16FF1, 0x17000...0x187F7,
        0x18800...0x18CD5, 0x18D00...0x18D08, 0x1AFF0...0x1AFFE, 0x1B000...0x1B122,
        0x1B132...0x1B132, 0x1B150...0x1B152, 0x1B155...0x1B155, 0x1B164...0x1B167,
        0x1B170...0x1B2FB, 0x1F200...0x1F202, 0x1F210...0x1F23B, 0x1F240...0x1F248,
        0x1F250...0x1F251, 0x1F260...0x1F265, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    /// Width of one Unicode scalar on its own: 0, 1 or 2.
    ///
    /// ```swift
    /// DisplayWidth.of(scalar: "\u{301}")  // 0
    /// ```
    public static func of(scalar s: Unicode.Scalar) -> Int {
        let v = s.value
        // Fast path: printable ASCII and Latin-1.
        if v >= 0x20 && v < 0x7F { return 1 }
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
        if v < 0x300 { return 1 }
        if (0x1160...0x11FF).contains(v) || v == 0x200B || (0xFE00...0xFE0F).contains(v)
            || (0xE0100...0xE01EF).contains(v) { return 0 }
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v >= 0x1100 && isWide(v) { return 2 }
        // A lone regional indicator is 1 (as glibc says); a flag (a pair) is 2, see of(_: Character).
        if (0x1F1E6...0x1F1FF).contains(v) { return 1 }
        if v >= 0x231A && s.properties.isEmojiPresentation { return 2 }
        return 1
    }

    @inline(__always)
    static func isWide(_ v: UInt32) -> Bool {
        var lo = 0, hi = wideRanges.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let r = wideRanges[mid]
            if v < r.lowerBound { hi = mid - 1 } else if v > r.upperBound { lo = mid + 1 } else { return true }
        }
        return false
    }

    /// Width of one grapheme cluster: 0 (controls, lone marks), 1 or 2.
    ///
    /// ```swift
    /// DisplayWidth.of(Character("🇨🇭"))  // 2
    /// ```
    public static func of(_ c: Character) -> Int {
        if let a = c.asciiValue { return (a >= 0x20 && a < 0x7F) ? 1 : 0 }
        var w = 0
        var emojiBase = false
        var regional = 0
        for s in c.unicodeScalars {
            if (0x1F1E6...0x1F1FF).contains(s.value) { regional += 1; if regional == 2 { return 2 } }
            if s.value == 0xFE0F && emojiBase { return 2 }
            let sw = of(scalar: s)
            if w == 0 && sw > 0 { emojiBase = s.properties.isEmoji }
            w = max(w, sw)
            if w == 2 { return 2 }
        }
        return w
    }

    /// Total width of a string.
    ///
    /// ```swift
    /// DisplayWidth.of("東京")  // 4
    /// ```
    public static func of(_ s: some StringProtocol) -> Int {
        var total = 0
        for c in s { total += of(c) }
        return total
    }
}

extension StringProtocol {
    /// The terminal display width (see ``DisplayWidth``).
    ///
    /// ```swift
    /// "Zürich".displayWidth  // 6
    /// ```
    public var displayWidth: Int { DisplayWidth.of(self) }
}

extension String {
    /// The string cut to at most `width` columns, ending in `ellipsis` when cut. A wide
    /// character is never split: the result may be one column narrower than `width`.
    ///
    /// ```swift
    /// "東京タワー".truncated(toWidth: 5)   // "東京…"
    /// "Zürich".truncated(toWidth: 10)     // "Zürich"
    /// ```
    public func truncated(toWidth width: Int, ellipsis: String = "…") -> String {
        if width <= 0 { return "" }
        if displayWidth <= width { return self }
        let ew = ellipsis.displayWidth
        if ew > width { return String(repeating: ".", count: width) }
        var out = ""
        var used = 0
        for c in self {
            let w = DisplayWidth.of(c)
            if used + w > width - ew { break }
            out.append(c); used += w
        }
        return out + ellipsis
    }

    /// The string cut to at most `width` columns by taking characters out of the middle, so
    /// both ends stay (the end tells similar names apart): `payments-platform-…-eu-1`. A wide
    /// character is never split.
    ///
    /// ```swift
    /// "payments-platform-shared-eu-1".truncatedMiddle(toWidth: 20)  // "payments-pl…hared-eu-1"
    /// ```
    public func truncatedMiddle(toWidth width: Int, ellipsis: String = "…") -> String {
        middleCut(toWidth: width, ellipsis: ellipsis).text
    }

    /// ``truncatedMiddle(toWidth:ellipsis:)`` and where it cut: characters `0..<head` are kept,
    /// then the ellipsis, then the characters from `tailStart` on (nil: nothing was cut).
    public func middleCut(toWidth width: Int, ellipsis: String = "…") -> (text: String, head: Int, tailStart: Int?) {
        if displayWidth <= width { return (self, count, nil) }
        if width <= 0 { return ("", 0, count) }
        let ew = ellipsis.displayWidth
        if ew >= width { return (truncated(toWidth: width, ellipsis: ellipsis), 0, count) }
        let chars = Array(self)
        let budget = width - ew
        let headBudget = (budget + 1) / 2, tailBudget = budget - headBudget
        var head = 0, hw = 0
        while head < chars.count, hw + DisplayWidth.of(chars[head]) <= headBudget { hw += DisplayWidth.of(chars[head]); head += 1 }
        var tail = chars.count, tw = 0
        while tail > head, tw + DisplayWidth.of(chars[tail - 1]) <= tailBudget + (headBudget - hw) {
            tw += DisplayWidth.of(chars[tail - 1]); tail -= 1
        }
        return (String(chars[0..<head]) + ellipsis + String(chars[tail...]), head, tail)
    }

    /// The string truncated to `width` and padded with spaces to exactly `width` columns.
    ///
    /// ```swift
    /// "東京".padded(toWidth: 6) + "|"   // "東京  |"
    /// ```
    public func padded(toWidth width: Int, alignment: TextAlignment = .left) -> String {
        let t = truncated(toWidth: width)
        let pad = max(0, width - t.displayWidth)
        switch alignment {
        case .left: return t + String(repeating: " ", count: pad)
        case .right: return String(repeating: " ", count: pad) + t
        case .center:
            let l = pad / 2
            return String(repeating: " ", count: l) + t + String(repeating: " ", count: pad - l)
        }
    }
}

/// Horizontal alignment of text in a space.
///
/// ```swift
/// "ok".padded(toWidth: 6, alignment: .center)  // "  ok  "
/// ```
public enum TextAlignment: Sendable, Hashable {
    /// Flush left.
    case left
    /// Centred (extra space goes right).
    case center
    /// Flush right.
    case right
}

/// Formats rows of cells into columns aligned by display width, so `Zürich`, `東京` and emoji
/// line up.
///
/// ```swift
/// let lines = Columns.format([["Zürich", "1"], ["東京", "22"]], separator: "  ")
/// // ["Zürich  1 ", "東京    22"]
/// ```
public enum Columns {
    /// Pads every cell to its column's widest entry (optionally capped by `maxWidths`) and
    /// joins the cells of a row with `separator`.
    ///
    /// ```swift
    /// Columns.format(rows, separator: " │ ", maxWidths: [20, nil])
    /// ```
    public static func format(_ rows: [[String]], separator: String = "  ",
                              maxWidths: [Int?] = [], alignments: [TextAlignment] = []) -> [String] {
        let n = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: n)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.displayWidth) } }
        for (i, m) in maxWidths.enumerated() where i < n { if let m { widths[i] = min(widths[i], m) } }
        return rows.map { r in
            (0..<n).map { i in
                (i < r.count ? r[i] : "").padded(toWidth: widths[i],
                                                 alignment: i < alignments.count ? alignments[i] : .left)
            }.joined(separator: separator)
        }
    }
}
