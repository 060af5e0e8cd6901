import CNCursesw

/// A key press, decoded from curses.
///
/// ```swift
/// switch key {
/// case .char("q"), .ctrl("c"): quit()
/// case .up, .char("k"): moveUp()
/// default: break
/// }
/// ```
public enum Key: Hashable, Sendable, CustomStringConvertible {
    /// A printable character (including space and non-ASCII text).
    case char(Character)
    /// Ctrl plus a letter, always lowercase: `.ctrl("u")`. (Ctrl-I, Ctrl-M and Ctrl-H arrive
    /// as `.tab`, `.enter` and `.backspace`.)
    case ctrl(Character)
    /// Arrow up.
    case up
    /// Arrow down.
    case down
    /// Arrow left.
    case left
    /// Arrow right.
    case right
    /// Home.
    case home
    /// End.
    case end
    /// Page Up.
    case pageUp
    /// Page Down.
    case pageDown
    /// Enter / Return (also keypad Enter).
    case enter
    /// Escape.
    case escape
    /// Tab.
    case tab
    /// Shift-Tab (curses `KEY_BTAB`).
    case backTab
    /// Backspace (ASCII DEL 127, ^H, or curses `KEY_BACKSPACE`).
    case backspace
    /// Delete (forward).
    case delete
    /// Insert.
    case insert
    /// Function key F1...F12 (and beyond).
    case function(Int)

    /// A short human label for help text: `"↑"`, `"PgDn"`, `"Ctrl-U"`, `"Shift-Tab"`, `"q"`.
    ///
    /// ```swift
    /// Key.ctrl("c").description  // "Ctrl-C"
    /// ```
    public var description: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return String(c)
        case .ctrl(let c): return "Ctrl-" + String(c).uppercased()
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .backspace: return "Backspace"
        case .delete: return "Del"
        case .insert: return "Ins"
        case .function(let n): return "F\(n)"
        }
    }
}

/// Something that happened at the terminal.
///
/// ```swift
/// if case .key(.char("q")) = event { ... }
/// ```
public enum InputEvent: Hashable, Sendable {
    /// A key press.
    case key(Key)
    /// Text pasted with bracketed paste (newlines kept; widgets decide what to do with them).
    case paste(String)
    /// The terminal now has this size.
    case resize(Size)
}

/// The one table that turns curses input codes into ``Key`` values.
///
/// `get_wch` returns either a character (`OK`) or a function-key code (`KEY_CODE_YES`);
/// ``key(wch:isFunctionKey:)`` handles both.
///
/// ```swift
/// CursesKeyTable.key(wch: UInt32(KEY_BTAB), isFunctionKey: true)  // .backTab
/// CursesKeyTable.key(wch: 127, isFunctionKey: false)              // .backspace
/// ```
public enum CursesKeyTable {
    /// Curses function-key codes (`KEY_*`) and their keys.
    public static let functionKeys: [Int32: Key] = {
        var t: [Int32: Key] = [
            KEY_UP: .up, KEY_DOWN: .down, KEY_LEFT: .left, KEY_RIGHT: .right,
            KEY_HOME: .home, KEY_END: .end, KEY_FIND: .home, KEY_SELECT: .end,
            KEY_A1: .home, KEY_C1: .end, KEY_A3: .pageUp, KEY_C3: .pageDown,
            KEY_PPAGE: .pageUp, KEY_NPAGE: .pageDown,
            KEY_ENTER: .enter, KEY_BTAB: .backTab,
            KEY_BACKSPACE: .backspace, KEY_DC: .delete, KEY_IC: .insert,
        ]
        for n in 1...24 { t[KEY_F0 + Int32(n)] = .function(n) }
        return t
    }()

    /// Control characters (below 32, and 127) and their keys.
    public static let controlCharacters: [UInt32: Key] = {
        var t: [UInt32: Key] = [9: .tab, 10: .enter, 13: .enter, 27: .escape, 127: .backspace, 8: .backspace]
        for c in UInt32(1)...26 where t[c] == nil {
            t[c] = .ctrl(Character(Unicode.Scalar(UInt8(96 + c))))
        }
        return t
    }()

    /// The key for one `get_wch` result; nil for codes with no meaning here (mouse, unknown).
    ///
    /// ```swift
    /// CursesKeyTable.key(wch: 0x6B, isFunctionKey: false)  // .char("k")
    /// ```
    public static func key(wch: UInt32, isFunctionKey: Bool) -> Key? {
        if isFunctionKey { return functionKeys[Int32(bitPattern: wch)] }
        if let k = controlCharacters[wch] { return k }
        if wch < 32 || (wch >= 0x80 && wch < 0xA0) { return nil }
        guard let s = Unicode.Scalar(wch) else { return nil }
        return .char(Character(s))
    }

    /// The curses code for a terminal resize (`KEY_RESIZE`).
    public static let resizeCode: Int32 = KEY_RESIZE
}

/// A key binding: the keys, and the help text shown for them. Bindings are data, so the help
/// bar and the help overlay are generated from the bindings that are active, and disabled
/// ones vanish from help.
///
/// ```swift
/// let quit = KeyBinding([.char("q"), .ctrl("c")], help: "quit")
/// let filter = KeyBinding([.char("/")], help: "filter", enabled: !list.items.isEmpty)
/// if quit.matches(key) { ... }
/// ```
public struct KeyBinding: Hashable, Sendable {
    /// The keys that trigger the binding.
    public var keys: [Key]
    /// The key label shown in help (defaults to the first key, e.g. `"↑/k"` when given).
    public var label: String
    /// What the binding does, e.g. `"quit"`.
    public var help: String
    /// Disabled bindings never match and are not shown.
    public var isEnabled: Bool
    /// Whether the binding appears in the one-line ``HelpBar`` (it is always in the overlay).
    public var showsInBar: Bool

    /// Creates a binding.
    ///
    /// ```swift
    /// KeyBinding([.up, .char("k")], label: "↑/k", help: "up")
    /// ```
    public init(_ keys: [Key], label: String? = nil, help: String, enabled: Bool = true, showsInBar: Bool = true) {
        self.keys = keys
        self.label = label ?? keys.map(\.description).joined(separator: "/")
        self.help = help
        self.isEnabled = enabled
        self.showsInBar = showsInBar
    }

    /// True when enabled and `key` is one of the keys.
    ///
    /// ```swift
    /// if binding.matches(.char("q")) { quit() }
    /// ```
    public func matches(_ key: Key) -> Bool { isEnabled && keys.contains(key) }

    /// A copy with ``isEnabled`` set.
    ///
    /// ```swift
    /// keys.delete.enabled(selection != nil)
    /// ```
    public func enabled(_ on: Bool) -> KeyBinding { var b = self; b.isEnabled = on; return b }
}
