/// The filter mode of a list, like Bubbles' list: not filtering, typing a filter, or a
/// filter applied (typing finished with Enter, matches still shown).
///
/// ```swift
/// if state.filterMode == .filtering { /* keys go to the filter */ }
/// ```
public enum FilterMode: Hashable, Sendable {
    /// All items shown.
    case unfiltered
    /// The user is typing the query; ↑/↓ move within the matches.
    case filtering
    /// The query is kept and the list shows only matches; Esc clears it.
    case applied
}

/// What a key did to a list, so the app can react.
///
/// ```swift
/// switch state.accounts.handle(.key(key)) {
/// case .activated(let i): return [.perform(.listRoles(accounts[i]))]
/// case .ignored: return handleGlobal(key)
/// default: return []
/// }
/// ```
public enum ListEvent: Hashable, Sendable {
    /// The key was not for the list (e.g. Tab, q): handle it elsewhere.
    case ignored
    /// The selection moved (or stayed at an edge).
    case moved
    /// Enter on the item with this index (into the unfiltered items).
    case activated(Int)
    /// The filter query or mode changed.
    case filterChanged
}

/// The state of a ``List``: items, selection, scroll offset and filter. The app owns it and
/// changes it from `update`; the widget only reads it.
///
/// Keys (``handle(_:)``): ↑/↓ and k/j move, PgUp/PgDn by a page (``pageSize``), Home/End (and
/// g/G) to the ends, `/` starts filtering, Enter activates, Esc clears the filter. While
/// filtering, typed text edits the query (Ctrl-W, Ctrl-U work), ↑/↓/PgUp/PgDn move within the
/// matches, Enter keeps the filter and activates the selected row, Esc clears the filter. The
/// filter stays open (Backspace on an empty query, or a query that matches nothing, do not
/// close it), so what is typed next is never taken as a command.
///
/// ```swift
/// var s = ListState(items: ["Zürich", "東京", "prod-admin"])
/// s.handle(.key(.char("/"))); s.handle(.key(.char("p")))
/// s.selectedItem   // "prod-admin"
/// ```
public struct ListState: Hashable, Sendable {
    /// All items, as displayed.
    public private(set) var items: [String]
    private var index: FilterIndex
    /// The filter mode.
    public private(set) var filterMode: FilterMode = .unfiltered
    /// The filter query being typed or applied.
    public private(set) var query = TextFieldState()
    /// Substring or fuzzy matching.
    public var matchKind: MatchKind {
        didSet { if oldValue != matchKind { refilter(incremental: false) } }
    }
    /// The rows shown, in order (all items when the query is empty). Their `positions` are
    /// empty; use ``matchedPositions(row:)``.
    public private(set) var visible: [FilterMatch]
    /// Position of the selection within ``visible``.
    public private(set) var cursor = 0
    /// First visible row (index into ``visible``).
    public private(set) var offset = 0
    /// Rows per page for PgUp/PgDn and scrolling; set it from the layout
    /// (``List/contentHeight(for:state:)``). Defaults to 10.
    public var pageSize = 10
    private var lastQuery = ""

    /// Creates a list state with the first item selected.
    ///
    /// ```swift
    /// ListState(items: regions, matchKind: .substring)
    /// ```
    public init(items: [String] = [], matchKind: MatchKind = .fuzzy) {
        self.items = items
        self.index = FilterIndex(items)
        self.matchKind = matchKind
        self.visible = items.indices.map { FilterMatch(index: $0, score: 0, positions: []) }
    }

    /// Replaces the items, keeping the filter and (if it is still there) the selected item.
    ///
    /// ```swift
    /// state.accounts.setItems(accounts.map(\.displayName))
    /// ```
    public mutating func setItems(_ newItems: [String]) {
        let selected = selectedItem
        items = newItems
        index = FilterIndex(newItems)
        refilter(incremental: false)
        if let selected, let pos = visible.firstIndex(where: { items[$0.index] == selected }) {
            cursor = pos
        }
        clampCursor()
    }

    /// Index (into ``items``) of the selected item, or nil when nothing is shown.
    public var selectedIndex: Int? { visible.indices.contains(cursor) ? visible[cursor].index : nil }

    /// The selected item's text.
    public var selectedItem: String? { selectedIndex.map { items[$0] } }

    /// Selects the item with this index (clearing a filter that hides it).
    ///
    /// ```swift
    /// state.select(index: 0)
    /// ```
    public mutating func select(index i: Int) {
        if let pos = visible.firstIndex(where: { $0.index == i }) {
            cursor = pos
        } else if items.indices.contains(i) {
            clearFilter()
            cursor = visible.firstIndex(where: { $0.index == i }) ?? 0
        }
        clampCursor()
    }

    /// Moves the selection by `delta` rows (clamped).
    ///
    /// ```swift
    /// state.move(by: -1)
    /// ```
    public mutating func move(by delta: Int) {
        cursor += delta
        clampCursor()
    }

    /// Scrolls a list shown without a selection (a preview) by `pages` pages: the top row moves,
    /// and the cursor with it.
    ///
    /// ```swift
    /// preview.scroll(pages: 1)   // PgDn
    /// ```
    public mutating func scroll(pages: Int) {
        offset = max(0, min(offset + pages * max(1, pageSize), max(0, visible.count - max(1, pageSize))))
        cursor = offset
        clampCursor()
    }

    /// Selects the first row.
    public mutating func moveToTop() { cursor = 0; clampCursor() }
    /// Selects the last row.
    public mutating func moveToBottom() { cursor = visible.count - 1; clampCursor() }

    /// Starts typing a filter (keeps an applied query for editing).
    ///
    /// ```swift
    /// state.startFiltering()
    /// ```
    public mutating func startFiltering() { filterMode = .filtering }

    /// Replaces the query and refilters (incrementally when the query only grew).
    ///
    /// ```swift
    /// state.setQuery("prod")
    /// ```
    public mutating func setQuery(_ q: String) {
        query.text = q
        if filterMode == .unfiltered { filterMode = .filtering }
        refilter(incremental: true)
    }

    /// Ends typing; the list keeps showing the matches (or returns to unfiltered if empty).
    public mutating func applyFilter() {
        filterMode = query.isEmpty ? .unfiltered : .applied
    }

    /// Clears the query and shows all items, keeping the selected item selected.
    public mutating func clearFilter() {
        let sel = selectedIndex
        query = TextFieldState()
        filterMode = .unfiltered
        refilter(incremental: false)
        if let sel, let pos = visible.firstIndex(where: { $0.index == sel }) { cursor = pos }
        clampCursor()
    }

    private mutating func refilter(incremental: Bool) {
        let q = query.text
        if q.isEmpty {
            visible = items.indices.map { FilterMatch(index: $0, score: 0, positions: []) }
        } else if incremental && !lastQuery.isEmpty && q.hasPrefix(lastQuery) {
            // A longer query can only match a subset of the earlier matches.
            visible = index.matches(for: q, kind: matchKind, within: visible.map(\.index), includePositions: false)
        } else {
            visible = index.matches(for: q, kind: matchKind, includePositions: false)
        }
        lastQuery = q
        cursor = 0
        offset = 0
        clampCursor()
    }

    private mutating func clampCursor() {
        cursor = visible.isEmpty ? 0 : min(max(0, cursor), visible.count - 1)
        let page = max(1, pageSize)
        if cursor < offset { offset = cursor }
        if cursor >= offset + page { offset = cursor - page + 1 }
        offset = max(0, min(offset, max(0, visible.count - page)))
    }

    /// Matched character positions of the row at `row` in ``visible`` (for highlighting;
    /// computed on demand so filtering stays fast).
    ///
    /// ```swift
    /// state.matchedPositions(row: 0)   // [0, 1, 2]
    /// ```
    public func matchedPositions(row: Int) -> [Int] {
        guard visible.indices.contains(row), !query.isEmpty else { return [] }
        return index.positions(for: query.text, item: visible[row].index, kind: matchKind)
    }

    /// The first row to show in a viewport of `height` rows so the selection is visible.
    ///
    /// ```swift
    /// let top = state.scrollOffset(height: 10)
    /// ```
    public func scrollOffset(height: Int) -> Int {
        guard height > 0 else { return 0 }
        var o = offset
        if cursor < o { o = cursor }
        if cursor >= o + height { o = cursor - height + 1 }
        return max(0, min(o, max(0, visible.count - height)))
    }

    /// Handles a key or paste; see the type's documentation for the keys.
    ///
    /// ```swift
    /// if case .activated(let i) = state.handle(.key(.enter)) { open(items[i]) }
    /// ```
    @discardableResult
    public mutating func handle(_ event: InputEvent) -> ListEvent {
        if filterMode == .filtering {
            switch event {
            case .key(.up): move(by: -1); return .moved
            case .key(.down): move(by: 1); return .moved
            case .key(.pageUp): move(by: -max(1, pageSize)); return .moved
            case .key(.pageDown): move(by: max(1, pageSize)); return .moved
            case .key(.escape): clearFilter(); return .filterChanged
            case .key(.enter):
                applyFilter()
                if let i = selectedIndex { return .activated(i) }
                return .filterChanged
            default:
                let before = query.text
                guard query.handle(event) else { return .ignored }
                if query.text != before { refilter(incremental: true) }
                return .filterChanged
            }
        }
        guard case .key(let k) = event else { return .ignored }
        switch k {
        case .up, .char("k"): move(by: -1); return .moved
        case .down, .char("j"): move(by: 1); return .moved
        case .pageUp, .ctrl("b"): move(by: -max(1, pageSize)); return .moved
        case .pageDown, .ctrl("f"): move(by: max(1, pageSize)); return .moved
        case .home, .char("g"): moveToTop(); return .moved
        case .end, .char("G"): moveToBottom(); return .moved
        case .char("/"): startFiltering(); return .filterChanged
        case .escape where filterMode == .applied: clearFilter(); return .filterChanged
        case .enter: return selectedIndex.map { .activated($0) } ?? .ignored
        default: return .ignored
        }
    }

    /// Key bindings for the list in its current mode, for the help bar.
    ///
    /// ```swift
    /// HelpBar(bindings: state.list.keyBindings + appBindings)
    /// ```
    public var keyBindings: [KeyBinding] {
        switch filterMode {
        case .filtering:
            return [KeyBinding([.up, .down], label: "↑/↓", help: "move"),
                    KeyBinding([.enter], help: "apply"),
                    KeyBinding([.escape], help: "clear filter")]
        default:
            return [KeyBinding([.up, .char("k")], label: "↑/k", help: "up"),
                    KeyBinding([.down, .char("j")], label: "↓/j", help: "down"),
                    KeyBinding([.pageUp, .pageDown], label: "PgUp/PgDn", help: "page", showsInBar: false),
                    KeyBinding([.home, .end], label: "Home/End", help: "first/last", showsInBar: false),
                    KeyBinding([.char("/")], help: "filter", enabled: !items.isEmpty),
                    KeyBinding([.escape], help: "clear filter", enabled: filterMode == .applied)]
        }
    }
}

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
