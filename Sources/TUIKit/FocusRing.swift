/// Which of several panes has focus, moved with Tab/Shift-Tab (and ←/→ if the app wants),
/// wrapping around. Skips items that are currently unavailable.
///
/// ```swift
/// enum PaneID: Hashable, Sendable { case sessions, accounts, roles }
/// var focus = FocusRing([PaneID.sessions, .accounts, .roles])
/// focus.next()                 // .accounts
/// focus.previous()             // .sessions
/// focus.focus(.roles)
/// ```
public struct FocusRing<Item: Hashable & Sendable>: Hashable, Sendable {
    /// The items in Tab order.
    public var items: [Item]
    /// The focused item.
    public private(set) var current: Item

    /// Creates a ring focused on `initial` (default: the first item). `items` must not be empty.
    ///
    /// ```swift
    /// FocusRing(["a", "b"], initial: "b")
    /// ```
    public init(_ items: [Item], initial: Item? = nil) {
        precondition(!items.isEmpty, "FocusRing needs at least one item")
        self.items = items
        self.current = initial.flatMap { items.contains($0) ? $0 : nil } ?? items[0]
    }

    /// True when `item` has focus.
    ///
    /// ```swift
    /// Pane(title: "Roles", focused: focus.isFocused(.roles))
    /// ```
    public func isFocused(_ item: Item) -> Bool { current == item }

    /// Focuses `item` if it is in the ring.
    ///
    /// ```swift
    /// focus.focus(.accounts)   // after a login completes
    /// ```
    public mutating func focus(_ item: Item) { if items.contains(item) { current = item } }

    /// Moves to the next item for which `isAvailable` is true (wrapping).
    ///
    /// ```swift
    /// focus.next { $0 != .roles || !roles.isEmpty }
    /// ```
    public mutating func next(where isAvailable: (Item) -> Bool = { _ in true }) { step(1, isAvailable) }

    /// Moves to the previous available item (wrapping).
    ///
    /// ```swift
    /// focus.previous()
    /// ```
    public mutating func previous(where isAvailable: (Item) -> Bool = { _ in true }) { step(-1, isAvailable) }

    /// Handles Tab (next) and Shift-Tab (previous); returns true if it moved focus.
    ///
    /// ```swift
    /// if state.focus.handle(event) { return [] }
    /// ```
    public mutating func handle(_ event: InputEvent) -> Bool {
        switch event {
        case .key(.tab): next(); return true
        case .key(.backTab): previous(); return true
        default: return false
        }
    }

    private mutating func step(_ d: Int, _ ok: (Item) -> Bool) {
        guard let i = items.firstIndex(of: current) else { current = items[0]; return }
        for k in 1...items.count {
            let j = ((i + d * k) % items.count + items.count) % items.count
            if ok(items[j]) { current = items[j]; return }
        }
    }
}
