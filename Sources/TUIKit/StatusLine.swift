// The status line's widgets: the status bar, a toast (a message that fades) and a spinner.

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
