/// A scrolling list with a selection, a scroll indicator, and the filter line when filtering.
/// Matched characters are highlighted. It draws inside the rectangle it is given (wrap it in
/// a ``Pane`` for a border).
///
/// ```swift
/// let inner = Pane(title: "Accounts", focused: true).render(in: area, on: &canvas)
/// List(focused: true).render(in: inner, on: &canvas, state: state.accounts)
/// ```
public struct List: Sendable {
    /// Whether the list has focus (selection drawn in reverse video, cursor in the filter).
    public var focused: Bool
    /// Colours.
    public var theme: Theme
    /// Text shown when there are no items.
    public var emptyText: String
    /// Text shown when the filter matches nothing.
    public var noMatchesText: String
    /// Draws a scroll bar in the last column when the items do not fit.
    public var showsScrollIndicator: Bool
    /// Draws the selected row highlighted (off for read-only lists such as a preview).
    public var showsSelection = true

    /// Creates a list view.
    ///
    /// ```swift
    /// List(focused: state.focus == .accounts, emptyText: "No accounts")
    /// ```
    public init(focused: Bool = true, theme: Theme = .standard, emptyText: String = "(empty)",
                noMatchesText: String = "no matches", showsScrollIndicator: Bool = true) {
        self.focused = focused; self.theme = theme; self.emptyText = emptyText
        self.noMatchesText = noMatchesText; self.showsScrollIndicator = showsScrollIndicator
    }

    /// Rows available for items in `rect` (one less when the filter line is shown) — set
    /// ``ListState/pageSize`` from it.
    ///
    /// ```swift
    /// state.list.pageSize = List.contentHeight(for: inner, state: state.list)
    /// ```
    public static func contentHeight(for rect: Rect, state: ListState) -> Int {
        max(0, rect.height - (state.filterMode == .unfiltered ? 0 : 1))
    }

    /// Draws the list.
    ///
    /// ```swift
    /// List().render(in: rect, on: &canvas, state: listState)
    /// ```
    public func render(in rect: Rect, on canvas: inout Canvas, state: ListState) {
        renderRows(in: rect, on: &canvas, state: state) { canvas, row, y, base, positions in
            let m = state.visible[row]
            let width = rect.width - (showsScrollIndicator && state.visible.count > Self.contentHeight(for: rect, state: state)
                                      && rect.width >= 3 ? 1 : 0)
            drawHighlighted(state.items[m.index], positions: positions, at: Point(x: rect.x, y: y),
                            width: width, base: base, on: &canvas)
        }
    }

    /// The filter line, the empty/no-matches text, the selection background and the scroll bar;
    /// `draw(canvas, row, y, base style, matched positions)` draws the text of each visible row.
    func renderRows(in rect: Rect, on canvas: inout Canvas, state: ListState,
                    draw: (inout Canvas, Int, Int, Style, [Int]) -> Void) {
        guard !rect.isEmpty else { return }
        var area = rect
        if state.filterMode != .unfiltered {
            let line = Rect(x: rect.x, y: rect.y, width: rect.width, height: 1)
            let count = "\(state.visible.count)/\(state.items.count)"
            let countW = count.displayWidth + 1
            let prefixStyle = state.filterMode == .filtering ? theme.accent : theme.muted
            let used = canvas.text("/", at: line.origin, style: prefixStyle)
            let fieldW = max(0, line.width - used - (line.width - used > countW + 4 ? countW : 0))
            let fieldRect = Rect(x: line.x + used, y: line.y, width: fieldW, height: 1)
            TextField(focused: focused && state.filterMode == .filtering, theme: theme)
                .render(in: fieldRect, on: &canvas, state: state.query)
            if line.width - used > countW + 4 {
                canvas.text(count, at: Point(x: line.maxX - countW + 1, y: line.y), style: theme.muted)
            }
            area = rect.inset(top: 1)
        }
        guard !area.isEmpty else { return }
        if state.items.isEmpty || state.visible.isEmpty {
            let msg = state.items.isEmpty ? emptyText : noMatchesText
            for (i, l) in wrapText(msg, width: area.width).prefix(area.height).enumerated() {
                canvas.text(l, at: Point(x: area.x, y: area.y + i), style: theme.muted, maxWidth: area.width, truncate: true)
            }
            return
        }
        let total = state.visible.count
        let scroll = showsScrollIndicator && total > area.height && area.width >= 3
        let textWidth = area.width - (scroll ? 1 : 0)
        let top = state.scrollOffset(height: area.height)
        for row in 0..<min(area.height, total - top) {
            let vi = top + row
            let m = state.visible[vi]
            let y = area.y + row
            let selected = showsSelection && vi == state.cursor
            let base: Style = selected ? (focused ? theme.selection : theme.inactiveSelection) : theme.text
            let rowRect = Rect(x: area.x, y: y, width: textWidth, height: 1)
            canvas.fill(rowRect, style: base)
            _ = m
            draw(&canvas, vi, y, base, state.matchedPositions(row: vi))
        }
        if scroll {
            let x = area.maxX - 1
            let h = area.height
            let thumb = max(1, h * h / total)
            let maxTop = max(1, total - h)
            let thumbTop = (h - thumb) * top / maxTop
            for i in 0..<h {
                let on = i >= thumbTop && i < thumbTop + thumb
                // A thumb on a dotted track: a solid line beside the pane's border would read as a second border.
                canvas.put(on ? "█" : "░", at: Point(x: x, y: area.y + i), style: on ? theme.muted : theme.border)
            }
        }
    }

    private func drawHighlighted(_ text: String, positions: [Int], at p: Point, width: Int,
                                 base: Style, on canvas: inout Canvas) {
        let t = text.displayWidth > width ? text.truncated(toWidth: width) : text
        var x = p.x
        var pi = 0
        for (i, ch) in t.enumerated() {
            while pi < positions.count && positions[pi] < i { pi += 1 }
            let hit = pi < positions.count && positions[pi] == i
            let style = hit ? theme.match.over(base) : base
            if x + DisplayWidth.of(ch) > p.x + width { break }
            x += canvas.put(ch, at: Point(x: x, y: p.y), style: style)
        }
    }
}

/// A column of a ``List`` whose rows are styled cells. Widths come from the app (the widest
/// cell of *all* items, so columns keep their widths while a filter hides rows); when the
/// columns do not fit, they shrink (lowest ``shrinkOrder`` first, down to ``minWidth``,
/// truncated in the middle by default so both ends of a name stay), then drop (lowest
/// ``dropOrder`` first).
///
/// ```swift
/// let cols = [ListColumn(width: nameW, minWidth: 8), ListColumn(width: 12, dropOrder: 1)]
/// List().render(in: r, on: &c, state: s, columns: cols) { i in [Span(names[i]), Span(ids[i], muted)] }
/// ```
public struct ListColumn: Hashable, Sendable {
    /// How a cell that does not fit is shortened.
    public enum Truncation: Hashable, Sendable { case middle, end }
    /// Header text (a header row is drawn when any column has one).
    public var title: String?
    /// The natural width (widest cell).
    public var width: Int
    /// Narrowest it is shrunk to before columns are dropped.
    public var minWidth: Int
    /// Columns with a lower value shrink first.
    public var shrinkOrder: Int
    /// Columns with a lower value are dropped first; `Int.max`: never dropped.
    public var dropOrder: Int
    /// How cells are shortened.
    public var truncation: Truncation

    /// Creates a column.
    ///
    /// ```swift
    /// ListColumn(title: "ACCOUNT", width: 24, minWidth: 10, shrinkOrder: 0)
    /// ```
    public init(title: String? = nil, width: Int, minWidth: Int = 6, shrinkOrder: Int = 0, dropOrder: Int = .max,
                truncation: Truncation = .middle) {
        self.title = title
        self.width = max(width, title?.displayWidth ?? 0)
        self.minWidth = min(minWidth, self.width)
        self.shrinkOrder = shrinkOrder
        self.dropOrder = dropOrder
        self.truncation = truncation
    }

    /// The width of each column in `total` columns with `gap` between them (nil: dropped).
    ///
    /// ```swift
    /// ListColumn.layout([a, b], in: 40)   // [28, 10]
    /// ```
    public static func layout(_ cols: [ListColumn], in total: Int, gap: Int = 2) -> [Int?] {
        var shown = Array(cols.indices)
        while true {
            var w = cols.map(\.width)
            func used() -> Int { shown.reduce(0) { $0 + w[$1] } + gap * max(0, shown.count - 1) }
            var over = used() - total
            if over <= 0 { return cols.indices.map { shown.contains($0) ? w[$0] : nil } }
            for i in shown.sorted(by: { (cols[$0].shrinkOrder, $0) < (cols[$1].shrinkOrder, $1) }) where over > 0 {
                let cut = min(over, w[i] - cols[i].minWidth)
                if cut > 0 { w[i] -= cut; over -= cut }
            }
            if over <= 0 { return cols.indices.map { shown.contains($0) ? w[$0] : nil } }
            let droppable = shown.filter { cols[$0].dropOrder != .max }
            guard let d = droppable.min(by: { (cols[$0].dropOrder, -$0) < (cols[$1].dropOrder, -$1) }) else {
                // Nothing left to drop: the first column takes what is left.
                if let f = shown.first { w[f] = max(0, w[f] - over) }
                return cols.indices.map { shown.contains($0) ? w[$0] : nil }
            }
            shown.removeAll { $0 == d }
        }
    }
}

extension List {
    /// Draws the list with styled columns (see ``ListColumn``). Matched filter characters are
    /// highlighted in the cell of column `filterColumn`, whose text must be the start of the
    /// item's filter text. The header row (when a column has a title) takes the first row;
    /// size ``ListState/pageSize`` with ``contentHeight(for:state:columns:)``.
    ///
    /// ```swift
    /// List(focused: true).render(in: inner, on: &c, state: s.roles, columns: cols) { i in cells(i) }
    /// ```
    public func render(in rect: Rect, on canvas: inout Canvas, state: ListState, columns: [ListColumn],
                       filterColumn: Int = 0, gap: Int = 2, cells: (Int) -> [Span]) {
        guard !rect.isEmpty else { return }
        var area = rect
        let header = columns.contains { $0.title != nil }
        let scrollW = showsScrollIndicator && state.visible.count > Self.contentHeight(for: rect, state: state, columns: columns)
            && rect.width >= 3 ? 1 : 0
        let widths = ListColumn.layout(columns, in: rect.width - scrollW, gap: gap)
        if header {
            var x = area.x
            for (i, c) in columns.enumerated() {
                guard let w = widths[i] else { continue }
                canvas.text((c.title ?? "").truncated(toWidth: w), at: Point(x: x, y: area.y), style: theme.muted.adding(.bold))
                x += w + gap
            }
            area = area.inset(top: 1)
        }
        // The filter line and the rows: the plain renderer, with a cell drawer per row.
        var plain = self
        plain.showsScrollIndicator = showsScrollIndicator
        plain.renderRows(in: area, on: &canvas, state: state) { canvas, row, y, base, positions in
            let item = state.visible[row].index
            let cs = cells(item)
            var x = area.x
            for (i, _) in columns.enumerated() {
                guard let w = widths[i] else { continue }
                if i < cs.count {
                    let text = cs[i].text
                    let style = base == theme.text ? cs[i].style : base
                    let cut = columns[i].truncation == .middle ? text.middleCut(toWidth: w)
                        : { let t = text.truncated(toWidth: w); return (t, t == text ? text.count : max(0, t.count - 1), t == text ? nil : text.count) }()
                    var cx = x
                    let hits = i == filterColumn ? Set(positions) : []
                    for (ci, ch) in cut.text.enumerated() {
                        // Map the shown character back to the cell text for match highlighting.
                        let src: Int? = ci < cut.head ? ci : (cut.tailStart.map { ci == cut.head ? nil : $0 + ci - cut.head - 1 } ?? ci)
                        if cx + DisplayWidth.of(ch) > x + w { break }
                        let hit = src.map { hits.contains($0) } ?? false
                        cx += canvas.put(ch, at: Point(x: cx, y: y), style: hit ? theme.match.over(style) : style)
                    }
                }
                x += w + gap
            }
        }
    }

    /// Rows for items in `rect` with these columns (less the header and filter lines).
    public static func contentHeight(for rect: Rect, state: ListState, columns: [ListColumn]) -> Int {
        max(0, contentHeight(for: rect, state: state) - (columns.contains { $0.title != nil } ? 1 : 0))
    }
}
