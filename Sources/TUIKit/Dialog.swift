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
