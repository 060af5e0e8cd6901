/// A terminal colour: the terminal's default, one of the 16 ANSI colours, or a 256-colour index.
///
/// ```swift
/// let s = Style(fg: .cyan, bg: .default, attributes: .bold)
/// ```
public enum Color: Hashable, Sendable {
    /// The terminal's own foreground or background (keeps transparent backgrounds).
    case `default`
    /// An xterm palette index 0...255 (0–7 ANSI, 8–15 bright).
    case indexed(UInt8)

    /// ANSI black.
    public static let black = Color.indexed(0)
    /// ANSI red.
    public static let red = Color.indexed(1)
    /// ANSI green.
    public static let green = Color.indexed(2)
    /// ANSI yellow.
    public static let yellow = Color.indexed(3)
    /// ANSI blue.
    public static let blue = Color.indexed(4)
    /// ANSI magenta.
    public static let magenta = Color.indexed(5)
    /// ANSI cyan.
    public static let cyan = Color.indexed(6)
    /// ANSI white (light grey on most terminals).
    public static let white = Color.indexed(7)
    /// Bright black (dark grey).
    public static let gray = Color.indexed(8)
    /// Bright white.
    public static let brightWhite = Color.indexed(15)
}

/// Text attributes that combine, such as bold and reverse.
///
/// ```swift
/// let a: Attributes = [.bold, .underline]
/// ```
public struct Attributes: OptionSet, Hashable, Sendable {
    /// The raw bits.
    public let rawValue: UInt8
    /// Creates attributes from raw bits.
    ///
    /// ```swift
    /// Attributes(rawValue: 1)  // .bold
    /// ```
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// Bold / bright.
    public static let bold = Attributes(rawValue: 1 << 0)
    /// Dim / faint.
    public static let dim = Attributes(rawValue: 1 << 1)
    /// Underlined.
    public static let underline = Attributes(rawValue: 1 << 2)
    /// Foreground and background swapped.
    public static let reverse = Attributes(rawValue: 1 << 3)
    /// Italic (where the terminal has it).
    public static let italic = Attributes(rawValue: 1 << 4)
}

/// Foreground, background and attributes of a cell.
///
/// ```swift
/// canvas.text("error", at: Point(x: 0, y: 0), style: Style(fg: .red, attributes: .bold))
/// ```
public struct Style: Hashable, Sendable {
    /// Foreground colour.
    public var fg: Color
    /// Background colour.
    public var bg: Color
    /// Attributes.
    public var attributes: Attributes

    /// Creates a style; everything defaults to the terminal's plain text.
    ///
    /// ```swift
    /// Style(fg: .yellow)
    /// ```
    public init(fg: Color = .default, bg: Color = .default, attributes: Attributes = []) {
        self.fg = fg; self.bg = bg; self.attributes = attributes
    }

    /// Plain text.
    public static let plain = Style()
    /// Bold text.
    public static let bold = Style(attributes: .bold)
    /// Reverse video (used for selections).
    public static let reverse = Style(attributes: .reverse)
    /// Dim text.
    public static let dim = Style(attributes: .dim)

    /// This style with extra attributes.
    ///
    /// ```swift
    /// Style.plain.adding(.underline)
    /// ```
    public func adding(_ a: Attributes) -> Style {
        var s = self; s.attributes.formUnion(a); return s
    }

    /// This style drawn over `base`: non-default colours of `self` win, attributes combine.
    ///
    /// ```swift
    /// highlight.over(rowStyle)
    /// ```
    public func over(_ base: Style) -> Style {
        Style(fg: fg == .default ? base.fg : fg,
              bg: bg == .default ? base.bg : bg,
              attributes: attributes.union(base.attributes))
    }
}

/// The colours and styles widgets use by default. Apps may pass their own.
///
/// ```swift
/// var theme = Theme.standard
/// theme.accent = Style(fg: .magenta, attributes: .bold)
/// ```
public struct Theme: Sendable, Hashable {
    /// Plain text.
    public var text = Style.plain
    /// Secondary text (hints, counts).
    public var muted = Style(fg: .gray)
    /// Borders of unfocused panes.
    public var border = Style(fg: .gray)
    /// Borders and titles of the focused pane.
    public var focusedBorder = Style(fg: .cyan, attributes: .bold)
    /// Titles of unfocused panes.
    public var title = Style(attributes: .bold)
    /// The selected row of a focused list.
    public var selection = Style(attributes: [.reverse, .bold])
    /// The selected row of an unfocused list.
    public var inactiveSelection = Style(attributes: .underline)
    /// Characters that matched the filter.
    public var match = Style(fg: .yellow, attributes: [.bold, .underline])
    /// Accent (keys in the help bar, the big code).
    public var accent = Style(fg: .cyan, attributes: .bold)
    /// Errors and validation messages.
    public var error = Style(fg: .red, attributes: .bold)
    /// Warnings.
    public var warning = Style(fg: .yellow)
    /// Success messages.
    public var success = Style(fg: .green)
    /// Status bar background.
    public var statusBar = Style(attributes: .reverse)

    /// The default theme (works with and without colour).
    ///
    /// ```swift
    /// List(theme: .standard)
    /// ```
    public static let standard = Theme()

    /// Creates the default theme.
    ///
    /// ```swift
    /// let t = Theme()
    /// ```
    public init() {}
}
