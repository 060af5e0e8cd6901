/// One terminal cell: a grapheme cluster, its display width and its style.
///
/// A wide character (width 2) occupies its cell and the next one; the next one is a
/// *continuation* cell with an empty grapheme and width 0.
///
/// ```swift
/// let c = Cell("東", style: .bold)   // c.width == 2
/// ```
public struct Cell: Hashable, Sendable {
    /// The grapheme drawn in this cell (`""` for a continuation cell).
    public var grapheme: String
    /// Display width: 1, 2 (wide) or 0 (continuation of the wide cell to the left).
    public var width: Int
    /// Foreground colour.
    public var fg: Color
    /// Background colour.
    public var bg: Color
    /// Attributes.
    public var attributes: Attributes

    /// A cell showing `c` (its width is computed).
    ///
    /// ```swift
    /// Cell("a")
    /// ```
    public init(_ c: Character, style: Style = .plain) {
        grapheme = String(c)
        width = DisplayWidth.of(c)
        fg = style.fg; bg = style.bg; attributes = style.attributes
    }

    init(grapheme: String, width: Int, style: Style) {
        self.grapheme = grapheme; self.width = width
        fg = style.fg; bg = style.bg; attributes = style.attributes
    }

    /// A blank cell.
    ///
    /// ```swift
    /// Cell.blank(.reverse)
    /// ```
    public static func blank(_ style: Style = .plain) -> Cell { Cell(grapheme: " ", width: 1, style: style) }

    /// The style of this cell.
    public var style: Style {
        get { Style(fg: fg, bg: bg, attributes: attributes) }
        set { fg = newValue.fg; bg = newValue.bg; attributes = newValue.attributes }
    }

    /// True for the right half of a wide character.
    public var isContinuation: Bool { width == 0 }
}

/// A run of text with one style, for drawing mixed-style lines.
///
/// ```swift
/// canvas.spans([Span("q", .bold), Span(" quit")], at: Point(x: 0, y: 0))
/// ```
public struct Span: Hashable, Sendable {
    /// The text.
    public var text: String
    /// Its style.
    public var style: Style
    /// Creates a span.
    ///
    /// ```swift
    /// Span("error", Style(fg: .red))
    /// ```
    public init(_ text: String, _ style: Style = .plain) { self.text = text; self.style = style }
}

/// Box-drawing character sets for borders.
///
/// ```swift
/// canvas.box(r, border: .double)
/// ```
public struct BorderSet: Hashable, Sendable {
    /// Top-left, top-right, bottom-left, bottom-right corners, horizontal and vertical lines.
    public var tl: Character, tr: Character, bl: Character, br: Character, h: Character, v: Character
    /// Creates a border set.
    ///
    /// ```swift
    /// BorderSet(tl: "+", tr: "+", bl: "+", br: "+", h: "-", v: "|")
    /// ```
    public init(tl: Character, tr: Character, bl: Character, br: Character, h: Character, v: Character) {
        self.tl = tl; self.tr = tr; self.bl = bl; self.br = br; self.h = h; self.v = v
    }
    /// `┌─┐`
    public static let plain = BorderSet(tl: "┌", tr: "┐", bl: "└", br: "┘", h: "─", v: "│")
    /// `╭─╮`
    public static let rounded = BorderSet(tl: "╭", tr: "╮", bl: "╰", br: "╯", h: "─", v: "│")
    /// `╔═╗`
    public static let double = BorderSet(tl: "╔", tr: "╗", bl: "╚", br: "╝", h: "═", v: "║")
    /// `┏━┓`
    public static let thick = BorderSet(tl: "┏", tr: "┓", bl: "┗", br: "┛", h: "━", v: "┃")
    /// `+-+` for terminals without line drawing.
    public static let ascii = BorderSet(tl: "+", tr: "+", bl: "+", br: "+", h: "-", v: "|")
}

/// An in-memory grid of cells that widgets draw into. Drawing outside the canvas, or outside
/// the current ``clip`` rectangle, is silently clipped. A terminal shows a canvas with
/// ``Terminal/draw(_:)``; tests compare ``lines()`` with snapshot files.
///
/// ```swift
/// var c = Canvas(width: 20, height: 3)
/// c.box(c.bounds, title: "Hi")
/// c.text("Zürich 東京", at: Point(x: 1, y: 1))
/// print(c.lines().joined(separator: "\n"))
/// ```
public struct Canvas: Hashable, Sendable {
    /// The size of the canvas.
    public private(set) var size: Size
    /// All cells, row by row.
    public private(set) var cells: [Cell]
    /// Drawing is limited to this rectangle (always inside ``bounds``).
    public var clip: Rect {
        didSet { clip = clip.intersection(bounds) }
    }
    /// Where the terminal cursor should be shown, or nil to hide it.
    public var cursor: Point?

    /// A blank canvas.
    ///
    /// ```swift
    /// Canvas(width: 80, height: 24)
    /// ```
    public init(width: Int, height: Int, fill: Style = .plain) {
        let s = Size(width: width, height: height)
        size = s
        cells = Array(repeating: .blank(fill), count: s.width * s.height)
        clip = Rect(size: s)
    }

    /// A blank canvas of `size`.
    ///
    /// ```swift
    /// Canvas(size: terminal.size)
    /// ```
    public init(size: Size, fill: Style = .plain) { self.init(width: size.width, height: size.height, fill: fill) }

    /// Width in columns.
    public var width: Int { size.width }
    /// Height in rows.
    public var height: Int { size.height }
    /// The whole canvas as a rectangle.
    public var bounds: Rect { Rect(size: size) }

    /// The cell at column `x`, row `y` (must be inside the canvas).
    ///
    /// ```swift
    /// canvas[0, 0].grapheme
    /// ```
    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * size.width + x] }
        set { cells[y * size.width + x] = newValue }
    }

    /// Runs `body` with drawing limited to `rect` (inside the current clip), then restores it.
    ///
    /// ```swift
    /// canvas.clipped(to: inner) { $0.text(longText, at: inner.origin) }
    /// ```
    public mutating func clipped(to rect: Rect, _ body: (inout Canvas) -> Void) {
        let saved = clip
        clip = saved.intersection(rect)
        body(&self)
        clip = saved
    }

    /// Puts one character at `p`. A wide character that does not fit before the clip edge is
    /// drawn as a space; overwriting half of a wide character blanks the other half.
    /// Returns the number of columns used.
    ///
    /// ```swift
    /// canvas.put("東", at: Point(x: 2, y: 0))   // returns 2
    /// ```
    @discardableResult
    public mutating func put(_ ch: Character, at p: Point, style: Style = .plain) -> Int {
        let w = DisplayWidth.of(ch)
        if w == 0 {
            // Zero-width text (a lone combining mark, a control): attach nothing, draw nothing.
            return 0
        }
        guard clip.contains(p) else { return w }
        if w == 2 && p.x + 1 >= clip.maxX {
            setCell(Cell.blank(style), at: p)
            return 1
        }
        setCell(Cell(grapheme: String(ch), width: w, style: style), at: p)
        if w == 2 {
            setCell(Cell(grapheme: "", width: 0, style: style), at: Point(x: p.x + 1, y: p.y))
        }
        return w
    }

    private mutating func setCell(_ c: Cell, at p: Point) {
        let i = p.y * size.width + p.x
        let old = cells[i]
        // Breaking a wide pair: blank the orphaned half.
        if old.width == 2 && c.width != 0, p.x + 1 < size.width {
            let j = i + 1
            if cells[j].width == 0 { cells[j] = .blank(cells[j].style) }
        }
        if old.width == 0 && p.x > 0 && cells[i - 1].width == 2 {
            cells[i - 1] = .blank(cells[i - 1].style)
        }
        cells[i] = c
    }

    /// Draws text starting at `p` without wrapping; stops at the clip edge (or after
    /// `maxWidth` columns). With `truncate`, text that does not fit ends in `…`.
    /// Returns the columns drawn.
    ///
    /// ```swift
    /// canvas.text("a long name", at: Point(x: 0, y: 0), style: .bold, maxWidth: 6, truncate: true)  // "a lon…"
    /// ```
    @discardableResult
    public mutating func text(_ s: String, at p: Point, style: Style = .plain,
                              maxWidth: Int? = nil, truncate: Bool = false) -> Int {
        var limit = clip.maxX - p.x
        if let maxWidth { limit = min(limit, maxWidth) }
        if limit <= 0 { return 0 }
        let t = truncate ? s.truncated(toWidth: limit) : s
        var x = p.x
        for ch in t {
            let w = DisplayWidth.of(ch)
            if w == 0 { continue }
            if x - p.x + w > limit {
                // Not enough room for a wide character: pad with a space.
                if x - p.x < limit { put(" ", at: Point(x: x, y: p.y), style: style); x += 1 }
                break
            }
            x += put(ch, at: Point(x: x, y: p.y), style: style)
        }
        return x - p.x
    }

    /// Draws styled spans one after another on a line; returns the columns drawn.
    ///
    /// ```swift
    /// canvas.spans([Span("Enter", .bold), Span(" open")], at: Point(x: 1, y: 0), maxWidth: 20)
    /// ```
    @discardableResult
    public mutating func spans(_ spans: [Span], at p: Point, maxWidth: Int? = nil) -> Int {
        var x = p.x
        let end = maxWidth.map { p.x + $0 } ?? Int.max
        for s in spans {
            if x >= end { break }
            x += text(s.text, at: Point(x: x, y: p.y), style: s.style, maxWidth: end - x)
        }
        return x - p.x
    }

    /// Fills a rectangle with a character.
    ///
    /// ```swift
    /// canvas.fill(row, with: " ", style: .reverse)
    /// ```
    public mutating func fill(_ r: Rect, with ch: Character = " ", style: Style = .plain) {
        let area = r.intersection(clip)
        guard !area.isEmpty else { return }
        let step = max(1, DisplayWidth.of(ch))
        for y in area.minY..<area.maxY {
            var x = area.minX
            while x < area.maxX { put(ch, at: Point(x: x, y: y), style: style); x += step }
        }
    }

    /// Changes the style of cells in `r` (keeping their text), e.g. to highlight a row.
    ///
    /// ```swift
    /// canvas.restyle(selectedRow) { _ in .reverse }
    /// ```
    public mutating func restyle(_ r: Rect, _ transform: (Style) -> Style) {
        let area = r.intersection(clip)
        guard !area.isEmpty else { return }
        for y in area.minY..<area.maxY {
            for x in area.minX..<area.maxX {
                self[x, y].style = transform(self[x, y].style)
            }
        }
    }

    /// Draws a border around `r` with an optional title in the top edge (truncated with `…`
    /// to fit). Boxes smaller than 2x2 draw what fits.
    ///
    /// ```swift
    /// canvas.box(area, title: "Accounts", style: theme.focusedBorder, border: .rounded)
    /// ```
    public mutating func box(_ r: Rect, title: String? = nil, style: Style = .plain,
                             titleStyle: Style? = nil, border: BorderSet = .rounded) {
        guard !r.isEmpty else { return }
        let top = r.y, bottom = r.maxY - 1, left = r.x, right = r.maxX - 1
        for x in left...right {
            put(border.h, at: Point(x: x, y: top), style: style)
            if bottom != top { put(border.h, at: Point(x: x, y: bottom), style: style) }
        }
        for y in top...bottom {
            put(border.v, at: Point(x: left, y: y), style: style)
            if right != left { put(border.v, at: Point(x: right, y: y), style: style) }
        }
        if r.width >= 2 && r.height >= 2 {
            put(border.tl, at: Point(x: left, y: top), style: style)
            put(border.tr, at: Point(x: right, y: top), style: style)
            put(border.bl, at: Point(x: left, y: bottom), style: style)
            put(border.br, at: Point(x: right, y: bottom), style: style)
        }
        if let title, !title.isEmpty, r.width >= 6 {
            // ╭ title ─╮ : corner, space, title, space, at least one line, corner.
            let t = " " + title.truncated(toWidth: r.width - 5) + " "
            text(t, at: Point(x: left + 1, y: top), style: titleStyle ?? style, maxWidth: r.width - 2)
        }
    }

    /// Copies another canvas onto this one with its top-left corner at `p` (clipped).
    ///
    /// ```swift
    /// screen.draw(popup, at: Point(x: 10, y: 5))
    /// ```
    public mutating func draw(_ other: Canvas, at p: Point) {
        for y in 0..<other.height {
            for x in 0..<other.width {
                let c = other[x, y]
                if c.width == 0 { continue }
                let q = Point(x: p.x + x, y: p.y + y)
                if c.width == 2 {
                    put(Character(c.grapheme), at: q, style: c.style)
                } else if clip.contains(q) {
                    setCell(c, at: q)
                }
            }
        }
    }

    /// The text of each row (continuation cells skipped), for snapshots and debugging.
    ///
    /// ```swift
    /// XCTAssertEqual(canvas.lines()[0], "╭ Title ─╮")
    /// ```
    public func lines() -> [String] {
        (0..<size.height).map { y in
            var s = ""
            for x in 0..<size.width {
                let c = self[x, y]
                if c.width != 0 { s += c.grapheme }
            }
            return s
        }
    }

    /// One character per column describing the style, for style snapshots:
    /// `.` plain, `R` reverse, `B` bold, `U` underline, `D` dim, `I` italic, or a lowercase
    /// colour letter (`r`ed, `g`reen, `y`ellow, `b`lue, `m`agenta, `c`yan, `w`hite, `k` black,
    /// `x` grey/other) when the foreground is coloured; `*` for several attributes.
    ///
    /// ```swift
    /// canvas.styleLines()[2]   // "RRRRRRRR......"
    /// ```
    public func styleLines() -> [String] {
        (0..<size.height).map { y in
            String((0..<size.width).map { x in Canvas.styleCode(self[x, y].style) })
        }
    }

    static func styleCode(_ s: Style) -> Character {
        var codes: [Character] = []
        if s.attributes.contains(.reverse) { codes.append("R") }
        if s.attributes.contains(.bold) { codes.append("B") }
        if s.attributes.contains(.underline) { codes.append("U") }
        if s.attributes.contains(.dim) { codes.append("D") }
        if s.attributes.contains(.italic) { codes.append("I") }
        if case .indexed(let i) = s.fg {
            let letters: [Character] = ["k", "r", "g", "y", "b", "m", "c", "w"]
            codes.append(i < 8 ? letters[Int(i)] : "x")
        }
        if codes.isEmpty { return "." }
        if codes.count == 1 { return codes[0] }
        // Colour plus one attribute: show the colour in upper case? Keep it simple and lossless enough.
        return "*"
    }
}

extension Rect {
    /// Same as ``x``.
    public var minX: Int { x }
    /// Same as ``y``.
    public var minY: Int { y }
    /// The top-left corner.
    public var origin: Point { Point(x: x, y: y) }
}
