// Help: the one-line help bar and the `?` overlay of every key.

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
