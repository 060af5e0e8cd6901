/// Large block letters for short codes such as a device user code (`ABCD-EFGH`).
/// Supports A–Z, 0–9, `-` and space (lowercase is shown as uppercase; anything else as a box).
/// Two sizes: ``Style-swift.enum/full`` (5 rows of `█`) and ``Style-swift.enum/half`` (3 rows
/// of half blocks `▀▄█`). Use ``size(of:style:)`` to choose one that fits.
///
/// ```swift
/// let big = BigText("ABCD-EFGH")
/// let style: BigText.Style = big.size(style: .full).width <= area.width ? .full : .half
/// BigText("ABCD-EFGH", style: style).render(in: area, on: &canvas)
/// ```
public struct BigText: Sendable {
    /// Glyph rendering size.
    public enum Style: Hashable, Sendable {
        /// 5 rows, one `█` per pixel.
        case full
        /// 3 rows, two pixels per cell with half blocks.
        case half
    }
    /// The text.
    public var text: String
    /// The size.
    public var style: Style
    /// Colour of the blocks.
    public var textStyle: TUIKit.Style

    /// Creates big text.
    ///
    /// ```swift
    /// BigText("WXYZ-1234", style: .half, textStyle: Theme.standard.accent)
    /// ```
    public init(_ text: String, style: Style = .full, textStyle: TUIKit.Style = Theme.standard.accent) {
        self.text = text; self.style = style; self.textStyle = textStyle
    }

    static let glyphWidth = 5
    static let font: [Character: [String]] = [
        "A": [".###.", "#...#", "#####", "#...#", "#...#"],
        "B": ["####.", "#...#", "####.", "#...#", "####."],
        "C": [".####", "#....", "#....", "#....", ".####"],
        "D": ["####.", "#...#", "#...#", "#...#", "####."],
        "E": ["#####", "#....", "####.", "#....", "#####"],
        "F": ["#####", "#....", "####.", "#....", "#...."],
        "G": [".####", "#....", "#..##", "#...#", ".####"],
        "H": ["#...#", "#...#", "#####", "#...#", "#...#"],
        "I": ["#####", "..#..", "..#..", "..#..", "#####"],
        "J": ["..###", "...#.", "...#.", "#..#.", ".##.."],
        "K": ["#...#", "#..#.", "###..", "#..#.", "#...#"],
        "L": ["#....", "#....", "#....", "#....", "#####"],
        "M": ["#...#", "##.##", "#.#.#", "#...#", "#...#"],
        "N": ["#...#", "##..#", "#.#.#", "#..##", "#...#"],
        "O": [".###.", "#...#", "#...#", "#...#", ".###."],
        "P": ["####.", "#...#", "####.", "#....", "#...."],
        "Q": [".###.", "#...#", "#.#.#", "#..#.", ".##.#"],
        "R": ["####.", "#...#", "####.", "#..#.", "#...#"],
        "S": [".####", "#....", ".###.", "....#", "####."],
        "T": ["#####", "..#..", "..#..", "..#..", "..#.."],
        "U": ["#...#", "#...#", "#...#", "#...#", ".###."],
        "V": ["#...#", "#...#", "#...#", ".#.#.", "..#.."],
        "W": ["#...#", "#...#", "#.#.#", "##.##", "#...#"],
        "X": ["#...#", ".#.#.", "..#..", ".#.#.", "#...#"],
        "Y": ["#...#", ".#.#.", "..#..", "..#..", "..#.."],
        "Z": ["#####", "...#.", "..#..", ".#...", "#####"],
        "0": [".###.", "#..##", "#.#.#", "##..#", ".###."],
        "1": ["..#..", ".##..", "..#..", "..#..", ".###."],
        "2": [".###.", "#...#", "..##.", ".#...", "#####"],
        "3": ["####.", "....#", ".###.", "....#", "####."],
        "4": ["#...#", "#...#", "#####", "....#", "....#"],
        "5": ["#####", "#....", "####.", "....#", "####."],
        "6": [".###.", "#....", "####.", "#...#", ".###."],
        "7": ["#####", "....#", "...#.", "..#..", "..#.."],
        "8": [".###.", "#...#", ".###.", "#...#", ".###."],
        "9": [".###.", "#...#", ".####", "....#", ".###."],
        "-": [".....", ".....", ".###.", ".....", "....."],
        " ": [".....", ".....", ".....", ".....", "....."],
    ]
    static let unknown = ["#####", "#...#", "#...#", "#...#", "#####"]

    /// The pixel rows (5) for the text, one `Bool` per pixel, glyphs separated by one blank column.
    ///
    /// ```swift
    /// BigText.pixels("A")[0]   // [false, true, true, true, false]
    /// ```
    public static func pixels(_ text: String) -> [[Bool]] {
        var rows = [[Bool]](repeating: [], count: 5)
        for (i, ch) in text.uppercased().enumerated() {
            let g = font[ch] ?? unknown
            for r in 0..<5 {
                if i > 0 { rows[r].append(false) }
                rows[r].append(contentsOf: g[r].map { $0 == "#" })
            }
        }
        return rows
    }

    /// The size of `text` in a style.
    ///
    /// ```swift
    /// BigText.size(of: "ABCD-EFGH", style: .full)   // 53x5
    /// ```
    public static func size(of text: String, style: Style) -> Size {
        let n = text.count
        let w = n == 0 ? 0 : n * glyphWidth + (n - 1)
        return Size(width: w, height: style == .full ? 5 : 3)
    }

    /// The size this text needs.
    ///
    /// ```swift
    /// big.size(style: .half)
    /// ```
    public func size(style: Style? = nil) -> Size { BigText.size(of: text, style: style ?? self.style) }

    /// Draws the text centred in `rect`. If it does not fit, draws the text plainly (bold)
    /// instead, so the code is always readable.
    ///
    /// ```swift
    /// BigText(code).render(in: area, on: &canvas)
    /// ```
    public func render(in rect: Rect, on canvas: inout Canvas) {
        guard !rect.isEmpty else { return }
        let s = size()
        guard s.width <= rect.width, s.height <= rect.height else {
            let r = rect.centered(Size(width: text.displayWidth, height: 1))
            canvas.text(text, at: r.origin, style: textStyle.adding(.bold), maxWidth: rect.width, truncate: true)
            return
        }
        let area = rect.centered(s)
        let px = BigText.pixels(text)
        switch style {
        case .full:
            for r in 0..<5 {
                for (x, on) in px[r].enumerated() where on {
                    canvas.put("█", at: Point(x: area.x + x, y: area.y + r), style: textStyle)
                }
            }
        case .half:
            for row in 0..<3 {
                let top = row * 2, bottom = row * 2 + 1
                for x in 0..<px[0].count {
                    let t = px[top][x], b = bottom < 5 ? px[bottom][x] : false
                    let ch: Character = t && b ? "█" : t ? "▀" : b ? "▄" : " "
                    if ch != " " { canvas.put(ch, at: Point(x: area.x + x, y: area.y + row), style: textStyle) }
                }
            }
        }
    }
}
