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
