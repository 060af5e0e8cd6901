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
