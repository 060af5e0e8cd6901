/// A bordered pane with a title. A focused pane gets a thick, accented border, so focus is
/// visible with and without colour.
///
/// ```swift
/// let inner = Pane(title: "Sessions", focused: true).render(in: area, on: &canvas)
/// List().render(in: inner, on: &canvas, state: sessions)
/// ```
public struct Pane: Sendable {
    /// Title in the top border (truncated to fit).
    public var title: String?
    /// Whether the pane has focus.
    public var focused: Bool
    /// Optional text at the right of the top border (e.g. a count).
    public var badge: String?
    /// Colours.
    public var theme: Theme

    /// Creates a pane.
    ///
    /// ```swift
    /// Pane(title: "Roles", focused: false, badge: "3")
    /// ```
    public init(title: String? = nil, focused: Bool = false, badge: String? = nil, theme: Theme = .standard) {
        self.title = title; self.focused = focused; self.badge = badge; self.theme = theme
    }

    /// Draws the border and title; returns the inner rectangle.
    ///
    /// ```swift
    /// let inner = pane.render(in: area, on: &canvas)
    /// ```
    @discardableResult
    public func render(in rect: Rect, on canvas: inout Canvas) -> Rect {
        guard !rect.isEmpty else { return rect }
        let style = focused ? theme.focusedBorder : theme.border
        let tstyle = focused ? theme.focusedBorder : theme.title
        canvas.box(rect, title: title, style: style, titleStyle: tstyle, border: focused ? .thick : .rounded)
        if let badge, rect.width >= 10 {
            let b = " \(badge) "
            let titleW = title.map { $0.displayWidth + 3 } ?? 1
            if b.displayWidth + titleW + 2 <= rect.width {
                canvas.text(b, at: Point(x: rect.maxX - 1 - b.displayWidth, y: rect.y), style: tstyle)
            }
        }
        return rect.inset(by: 1)
    }
}

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

/// The state of a ``ConfirmDialog``: which button is highlighted.
///
/// ```swift
/// var d = DialogState()          // "No" highlighted: Enter alone never confirms by accident
/// d.handle(.key(.char("y")))     // .confirmed
/// ```
public struct DialogState: Hashable, Sendable {
    /// True when "Yes" is highlighted.
    public var yesSelected: Bool
    /// Creates the state; by default "No" is highlighted.
    ///
    /// ```swift
    /// DialogState(yesSelected: true)
    /// ```
    public init(yesSelected: Bool = false) { self.yesSelected = yesSelected }

    /// `y` confirms, `n`/Esc cancels, ←/→/Tab switch buttons, Enter chooses the highlighted one.
    /// Returns nil while undecided.
    ///
    /// ```swift
    /// if let answer = state.dialog.handle(event) { ... }
    /// ```
    @discardableResult
    public mutating func handle(_ event: InputEvent) -> DialogResult? {
        guard case .key(let k) = event else { return nil }
        switch k {
        case .char("y"), .char("Y"): return .confirmed
        case .char("n"), .char("N"), .escape, .char("q"): return .cancelled
        case .left, .right, .tab, .backTab, .char("h"), .char("l"): yesSelected.toggle(); return nil
        case .enter: return yesSelected ? .confirmed : .cancelled
        default: return nil
        }
    }
}

/// The answer from a ``ConfirmDialog``.
///
/// ```swift
/// if result == .confirmed { deleteProfile() }
/// ```
public enum DialogResult: Hashable, Sendable {
    /// Yes.
    case confirmed
    /// No / Esc.
    case cancelled
}

/// A centred yes/no dialog drawn over whatever is below.
///
/// ```swift
/// ConfirmDialog(title: "Delete profile", message: "Delete acme-dev? This cannot be undone.")
///     .render(in: canvas.bounds, on: &canvas, state: state.dialog)
/// ```
public struct ConfirmDialog: Sendable {
    /// Title in the border.
    public var title: String
    /// The question (wrapped).
    public var message: String
    /// Label of the yes button.
    public var yesLabel: String
    /// Label of the no button.
    public var noLabel: String
    /// Colours.
    public var theme: Theme

    /// Creates a dialog.
    ///
    /// ```swift
    /// ConfirmDialog(title: "Log out", message: "Log out of acme?")
    /// ```
    public init(title: String, message: String, yesLabel: String = "Yes", noLabel: String = "No",
                theme: Theme = .standard) {
        self.title = title; self.message = message; self.yesLabel = yesLabel; self.noLabel = noLabel
        self.theme = theme
    }

    /// Draws the dialog centred in `rect` (usually the whole screen).
    ///
    /// ```swift
    /// dialog.render(in: canvas.bounds, on: &canvas, state: DialogState())
    /// ```
    public func render(in rect: Rect, on canvas: inout Canvas, state: DialogState) {
        guard !rect.isEmpty else { return }
        let yes = "[y] \(yesLabel)", no = "[n] \(noLabel)"
        let buttonsW = yes.displayWidth + no.displayWidth + 6
        let maxInner = max(1, min(rect.width - 4, 60))
        let lines = wrapText(message, width: maxInner)
        let innerW = min(maxInner, max(buttonsW, lines.map(\.displayWidth).max() ?? 0, title.displayWidth + 4))
        let box = rect.centered(Size(width: innerW + 4, height: lines.count + 4))
        canvas.fill(box)
        canvas.box(box, title: title, style: theme.focusedBorder, titleStyle: theme.focusedBorder, border: .double)
        let inner = box.inset(top: 1, left: 2, bottom: 1, right: 2)
        // Keep the buttons visible: message rows are whatever is left above them (and a gap).
        let msgRows = inner.height >= 3 ? inner.height - 2 : max(0, inner.height - 1)
        canvas.clipped(to: inner) { c in
            for (i, l) in lines.prefix(msgRows).enumerated() {
                c.text(l, at: Point(x: inner.x, y: inner.y + i), style: theme.text, maxWidth: inner.width, truncate: true)
            }
            let y = inner.maxY - 1
            let start = inner.x + max(0, (inner.width - buttonsW) / 2)
            let ys = state.yesSelected ? theme.selection : theme.text
            let ns = state.yesSelected ? theme.text : theme.selection
            let w = c.text(" \(yes) ", at: Point(x: start, y: y), style: ys)
            c.text(" \(no) ", at: Point(x: start + w + 2, y: y), style: ns)
        }
    }
}

/// A one-line status bar with left and right parts, in reverse video.
///
/// ```swift
/// StatusBar(left: [Span(" acme ", .bold)], right: [Span("expires in 7h ")]).render(in: bottomRow, on: &canvas)
/// ```
public struct StatusBar: Sendable {
    /// Spans on the left.
    public var left: [Span]
    /// Spans on the right (dropped first when space runs out).
    public var right: [Span]
    /// Colours.
    public var theme: Theme

    /// Creates a status bar.
    ///
    /// ```swift
    /// StatusBar(left: [Span("Ready")])
    /// ```
    public init(left: [Span] = [], right: [Span] = [], theme: Theme = .standard) {
        self.left = left; self.right = right; self.theme = theme
    }

    /// Draws on the first row of `rect`.
    ///
    /// ```swift
    /// bar.render(in: rows[2], on: &canvas)
    /// ```
    public func render(in rect: Rect, on canvas: inout Canvas) {
        guard !rect.isEmpty else { return }
        let row = Rect(x: rect.x, y: rect.y, width: rect.width, height: 1)
        canvas.fill(row, style: theme.statusBar)
        let rw = right.reduce(0) { $0 + $1.text.displayWidth }
        let lw = left.reduce(0) { $0 + $1.text.displayWidth }
        let showRight = rw > 0 && lw + rw + 1 <= row.width
        canvas.spans(left.map { Span($0.text, $0.style.over(theme.statusBar)) }, at: row.origin,
                     maxWidth: showRight ? row.width - rw - 1 : row.width)
        if showRight {
            canvas.spans(right.map { Span($0.text, $0.style.over(theme.statusBar)) },
                         at: Point(x: row.maxX - rw, y: row.y))
        }
    }
}

/// A one-line help bar generated from key bindings: `↑/k up • / filter • q quit`. Disabled
/// bindings and those with `showsInBar == false` are left out; what does not fit is cut
/// and marked with `…`.
///
/// ```swift
/// HelpBar(bindings: keymap.active(in: state)).render(in: bottomRow, on: &canvas)
/// ```
public struct HelpBar: Sendable {
    /// The bindings to show, in order.
    public var bindings: [KeyBinding]
    /// Between entries.
    public var separator: String
    /// Colours.
    public var theme: Theme

    /// Creates a help bar.
    ///
    /// ```swift
    /// HelpBar(bindings: [KeyBinding([.char("q")], help: "quit")])
    /// ```
    public init(bindings: [KeyBinding], separator: String = " • ", theme: Theme = .standard) {
        self.bindings = bindings; self.separator = separator; self.theme = theme
    }

    /// Draws on the first row of `rect`.
    ///
    /// ```swift
    /// HelpBar(bindings: bindings).render(in: footer, on: &canvas)
    /// ```
    public func render(in rect: Rect, on canvas: inout Canvas) {
        guard !rect.isEmpty else { return }
        let shown = bindings.filter { $0.isEnabled && $0.showsInBar }
        var x = rect.x
        let end = rect.maxX
        for (i, b) in shown.enumerated() {
            let sep = i == 0 ? "" : separator
            let entryW = sep.displayWidth + b.label.displayWidth + 1 + b.help.displayWidth
            let isLast = i == shown.count - 1
            if x + entryW > end - (isLast ? 0 : 2) {
                if x + 1 <= end { canvas.text(i == 0 ? "…" : " …", at: Point(x: x, y: rect.y), style: theme.muted) }
                return
            }
            x += canvas.text(sep, at: Point(x: x, y: rect.y), style: theme.muted)
            x += canvas.text(b.label, at: Point(x: x, y: rect.y), style: theme.accent)
            x += canvas.text(" " + b.help, at: Point(x: x, y: rect.y), style: theme.muted)
        }
    }
}

/// A centred box listing every enabled binding, grouped in sections (the `?` screen).
///
/// ```swift
/// HelpOverlay(sections: [("Lists", list.keyBindings), ("Global", global)]).render(in: canvas.bounds, on: &canvas)
/// ```
public struct HelpOverlay: Sendable {
    /// Section titles and their bindings.
    public var sections: [(title: String, bindings: [KeyBinding])]
    /// Box title.
    public var title: String
    /// Colours.
    public var theme: Theme
    /// Rows scrolled off the top (clamped when drawn; see ``maxScroll(in:)``).
    public var scroll: Int

    /// Creates the overlay.
    ///
    /// ```swift
    /// HelpOverlay(sections: [("Global", [quit, help])])
    /// ```
    public init(sections: [(title: String, bindings: [KeyBinding])], title: String = "Keys", theme: Theme = .standard,
                scroll: Int = 0) {
        self.sections = sections; self.title = title; self.theme = theme; self.scroll = scroll
    }

    private var rows: [(String, String, Bool)] {
        var rows: [(String, String, Bool)] = []   // key, help, isHeader
        for s in sections {
            let bs = s.bindings.filter(\.isEnabled)
            if bs.isEmpty { continue }
            if !rows.isEmpty { rows.append(("", "", false)) }
            rows.append((s.title, "", true))
            for b in bs { rows.append((b.label, b.help, false)) }
        }
        return rows
    }

    /// How far the overlay can scroll in `rect` (0: everything fits).
    ///
    /// ```swift
    /// state.helpScroll = min(state.helpScroll + 1, overlay.maxScroll(in: area))
    /// ```
    public func maxScroll(in rect: Rect) -> Int { max(0, rows.count - max(0, min(rect.height, rows.count + 2) - 2)) }

    /// Draws the overlay centred in `rect`, at most as tall as `rect`; when the rows do not
    /// fit it shows the rows from ``scroll`` on and where they are (`12-30 of 64`) in the
    /// bottom border.
    ///
    /// ```swift
    /// overlay.render(in: canvas.bounds, on: &canvas)
    /// ```
    public func render(in rect: Rect, on canvas: inout Canvas) {
        let rows = self.rows
        let keyW = rows.filter { !$0.2 }.map { $0.0.displayWidth }.max() ?? 0
        let helpW = rows.map { $0.2 ? $0.0.displayWidth : keyW + 2 + $0.1.displayWidth }.max() ?? 0
        let box = rect.centered(Size(width: min(rect.width, max(helpW, title.displayWidth + 4) + 4),
                                     height: min(rect.height, rows.count + 2)))
        guard !box.isEmpty else { return }
        canvas.fill(box)
        canvas.box(box, title: title, style: theme.focusedBorder, titleStyle: theme.focusedBorder, border: .rounded)
        let inner = box.inset(top: 1, left: 2, bottom: 1, right: 2)
        let top = max(0, min(scroll, maxScroll(in: rect)))
        canvas.clipped(to: inner) { c in
            for (i, r) in rows.dropFirst(top).enumerated() where i < inner.height {
                let y = inner.y + i
                if r.2 {
                    c.text(r.0, at: Point(x: inner.x, y: y), style: theme.title)
                } else if !r.0.isEmpty {
                    c.text(r.0.padded(toWidth: keyW), at: Point(x: inner.x, y: y), style: theme.accent)
                    c.text(r.1, at: Point(x: inner.x + keyW + 2, y: y), style: theme.text,
                           maxWidth: inner.width - keyW - 2, truncate: true)
                }
            }
        }
        if rows.count > inner.height, inner.height > 0 {
            let where_ = " \(top + 1)-\(min(rows.count, top + inner.height)) of \(rows.count) "
            if where_.displayWidth + 4 < box.width {
                canvas.text(where_, at: Point(x: box.maxX - where_.displayWidth - 2, y: box.maxY - 1), style: theme.muted)
            }
        }
    }
}

/// A one-line message (toast) with a level symbol: `✓ Saved profile acme-dev`. Expiry is
/// the app's business: schedule `.after(3, id: "toast", .toastExpired)`.
///
/// ```swift
/// Toast("Copied to clipboard", level: .success).render(in: messageRow, on: &canvas)
/// ```
public struct Toast: Hashable, Sendable {
    /// How important a message is.
    public enum Level: Hashable, Sendable {
        /// Neutral (•).
        case info
        /// Something worked (✓).
        case success
        /// Attention (!).
        case warning
        /// Something failed (✗).
        case error
    }
    /// The message.
    public var text: String
    /// Its level.
    public var level: Level
    /// Colours.
    public var theme: Theme

    /// Creates a toast.
    ///
    /// ```swift
    /// Toast("Token expired", level: .warning)
    /// ```
    public init(_ text: String, level: Level = .info, theme: Theme = .standard) {
        self.text = text; self.level = level; self.theme = theme
    }

    /// Draws on the first row of `rect`, truncated with `…`.
    ///
    /// ```swift
    /// toast.render(in: row, on: &canvas)
    /// ```
    public func render(in rect: Rect, on canvas: inout Canvas) {
        guard !rect.isEmpty else { return }
        let (sym, style): (String, Style) = {
            switch level {
            case .info: return ("•", theme.accent)
            case .success: return ("✓", theme.success)
            case .warning: return ("!", theme.warning)
            case .error: return ("✗", theme.error)
            }
        }()
        let row = Rect(x: rect.x, y: rect.y, width: rect.width, height: 1)
        canvas.fill(row)
        let w = canvas.text(sym + " ", at: row.origin, style: style)
        canvas.text(text, at: Point(x: row.x + w, y: row.y), style: level == .error ? theme.error : theme.text,
                    maxWidth: row.width - w, truncate: true)
    }
}

/// The state of a ``Spinner``: the current frame. Advance it from a timer message.
///
/// ```swift
/// case .spin: state.spinner.tick()      // with .every(0.1, id: "spinner", .spin)
/// ```
public struct SpinnerState: Hashable, Sendable {
    /// The frame counter.
    public var frame: Int
    /// Starts at frame 0.
    ///
    /// ```swift
    /// SpinnerState()
    /// ```
    public init(frame: Int = 0) { self.frame = frame }
    /// Advances one frame.
    public mutating func tick() { frame &+= 1 }
}

/// A spinner with an optional label: `⠋ Waiting for authorization…`.
///
/// ```swift
/// Spinner(label: "Loading accounts").render(in: row, on: &canvas, state: state.spinner)
/// ```
public struct Spinner: Sendable {
    /// Braille dots.
    public static let dots: [String] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
    /// ASCII line.
    public static let line: [String] = ["|", "/", "-", "\\"]
    /// The frames.
    public var frames: [String]
    /// Text after the spinner.
    public var label: String
    /// Colours.
    public var theme: Theme

    /// Creates a spinner.
    ///
    /// ```swift
    /// Spinner(frames: Spinner.line, label: "Working")
    /// ```
    public init(frames: [String] = Spinner.dots, label: String = "", theme: Theme = .standard) {
        self.frames = frames.isEmpty ? ["*"] : frames; self.label = label; self.theme = theme
    }

    /// Draws on the first row of `rect`.
    ///
    /// ```swift
    /// spinner.render(in: row, on: &canvas, state: s)
    /// ```
    public func render(in rect: Rect, on canvas: inout Canvas, state: SpinnerState) {
        guard !rect.isEmpty else { return }
        let f = frames[((state.frame % frames.count) + frames.count) % frames.count]
        let w = canvas.text(f, at: rect.origin, style: theme.accent, maxWidth: rect.width)
        if !label.isEmpty {
            canvas.text(" " + label, at: Point(x: rect.x + w, y: rect.y), style: theme.text,
                        maxWidth: rect.width - w, truncate: true)
        }
    }
}

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
