/// Wraps text to `width` columns at spaces (long words are cut), honouring display width.
///
/// ```swift
/// wrapText("Delete profile acme-dev?", width: 10)   // ["Delete", "profile", "acme-dev?"]
/// ```
public func wrapText(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    var out: [String] = []
    for para in text.split(separator: "\n", omittingEmptySubsequences: false) {
        var line = ""
        var lineW = 0
        for word in para.split(separator: " ", omittingEmptySubsequences: true) {
            var w = String(word)
            var ww = w.displayWidth
            if lineW > 0 && lineW + 1 + ww <= width {
                line += " " + w; lineW += 1 + ww; continue
            }
            if lineW > 0 { out.append(line); line = ""; lineW = 0 }
            while ww > width {   // hard-break a long word
                var piece = "", pw = 0
                var rest = Substring(w)
                while let c = rest.first, pw + DisplayWidth.of(c) <= width { piece.append(c); pw += DisplayWidth.of(c); rest = rest.dropFirst() }
                if piece.isEmpty { piece = String(rest.prefix(1)); rest = rest.dropFirst() }
                out.append(piece)
                w = String(rest); ww = w.displayWidth
            }
            line = w; lineW = ww
        }
        out.append(line)
    }
    return out
}
