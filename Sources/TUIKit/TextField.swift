/// The editable state of a single-line text field: the text and the cursor.
///
/// Keys: ←/→ (and Ctrl-B/Ctrl-F), Home/End (and Ctrl-A/Ctrl-E), Backspace, Delete (and
/// Ctrl-D), Ctrl-W deletes the word before the cursor, Ctrl-U clears the field, Ctrl-K deletes
/// to the end. Pasted text is inserted with line breaks turned into spaces.
///
/// ```swift
/// var name = TextFieldState("acme-dev")
/// name.handle(.key(.ctrl("w")))   // "acme-"
/// name.handle(.paste("prod"))     // "acme-prod"
/// ```
public struct TextFieldState: Hashable, Sendable {
    private var chars: [Character]
    /// Cursor position in characters (0...count).
    public private(set) var cursor: Int
    /// Maximum number of characters (nil: unlimited).
    public var maxLength: Int?

    /// Creates a field holding `text` with the cursor at the end.
    ///
    /// ```swift
    /// TextFieldState("us-east-1")
    /// ```
    public init(_ text: String = "", maxLength: Int? = nil) {
        chars = Array(text)
        cursor = chars.count
        self.maxLength = maxLength
    }

    /// The text. Setting it moves the cursor to the end.
    public var text: String {
        get { String(chars) }
        set { chars = Array(newValue); cursor = chars.count }
    }

    /// True when empty.
    public var isEmpty: Bool { chars.isEmpty }

    /// Inserts text at the cursor (control characters dropped, line breaks become spaces).
    ///
    /// ```swift
    /// field.insert("abc")
    /// ```
    public mutating func insert(_ s: String) {
        var add: [Character] = []
        for c in s {
            if c == "\n" || c == "\r\n" || c == "\r" || c == "\t" { add.append(" "); continue }
            if let a = c.asciiValue, a < 32 || a == 127 { continue }
            add.append(c)
        }
        if let maxLength { add = Array(add.prefix(max(0, maxLength - chars.count))) }
        chars.insert(contentsOf: add, at: cursor)
        cursor += add.count
    }

    /// Moves the cursor to `position` (clamped).
    ///
    /// ```swift
    /// field.moveCursor(to: 0)
    /// ```
    public mutating func moveCursor(to position: Int) { cursor = min(max(0, position), chars.count) }

    /// Deletes the word before the cursor (and the spaces or punctuation before it).
    ///
    /// ```swift
    /// var f = TextFieldState("hello big world"); f.deleteWordBackward()   // "hello big "
    /// ```
    public mutating func deleteWordBackward() {
        var i = cursor
        while i > 0 && !TextFieldState.isWordChar(chars[i - 1]) { i -= 1 }
        while i > 0 && TextFieldState.isWordChar(chars[i - 1]) { i -= 1 }
        chars.removeSubrange(i..<cursor)
        cursor = i
    }

    static func isWordChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    /// The most characters one paste inserts (a field is one line; a megabyte pasted by
    /// mistake must not make every frame slow).
    public static let pasteLimit = 4096

    /// Handles an editing key or a paste (at most ``pasteLimit`` characters of it). Returns true if the event was used (even when the
    /// text did not change, e.g. ← at the start); false for keys a field does not handle
    /// (Enter, Tab, Esc, ↑/↓...), so the caller can act on them.
    ///
    /// ```swift
    /// if !state.field.handle(event) { /* not an editing key */ }
    /// ```
    @discardableResult
    public mutating func handle(_ event: InputEvent) -> Bool {
        switch event {
        case .paste(let s): insert(String(s.prefix(TextFieldState.pasteLimit))); return true
        case .resize: return false
        case .key(let k):
            switch k {
            case .char(let c): insert(String(c))
            case .left, .ctrl("b"): cursor = max(0, cursor - 1)
            case .right, .ctrl("f"): cursor = min(chars.count, cursor + 1)
            case .home, .ctrl("a"): cursor = 0
            case .end, .ctrl("e"): cursor = chars.count
            case .backspace:
                if cursor > 0 { chars.remove(at: cursor - 1); cursor -= 1 }
            case .delete, .ctrl("d"):
                if cursor < chars.count { chars.remove(at: cursor) }
            case .ctrl("w"): deleteWordBackward()
            case .ctrl("u"): chars.removeAll(); cursor = 0
            case .ctrl("k"): chars.removeSubrange(cursor..<chars.count)
            default: return false
            }
            return true
        }
    }

    /// The first visible character index and the cursor column when the text is shown in
    /// `width` columns (the view scrolls so the cursor stays visible).
    func viewport(width: Int) -> (start: Int, cursorColumn: Int) {
        guard width > 0 else { return (0, 0) }
        var start = 0
        var before = 0
        for i in 0..<cursor { before += DisplayWidth.of(chars[i]) }
        // Keep one column for the cursor after the last character.
        while before > width - 1 && start < cursor {
            before -= DisplayWidth.of(chars[start]); start += 1
        }
        return (start, before)
    }

    /// The characters, for rendering.
    var characters: [Character] { chars }
}

/// Draws a ``TextFieldState`` on one line: the visible part of the text, a placeholder when
/// empty, and (when focused) the terminal cursor at the insertion point.
///
/// ```swift
/// TextField(placeholder: "profile name", focused: true).render(in: row, on: &canvas, state: state.name)
/// ```
public struct TextField: Sendable {
    /// Shown dimmed when the field is empty.
    public var placeholder: String
    /// A focused field shows the cursor and uses the accent style.
    public var focused: Bool
    /// Shows every character as `•` (for secrets).
    public var masked: Bool
    /// A validation message drawn on the second row of the rectangle (when it has one).
    public var message: String?
    /// Colours.
    public var theme: Theme

    /// Creates a text field view.
    ///
    /// ```swift
    /// TextField(placeholder: "https://…", focused: true, message: url.isEmpty ? "required" : nil)
    /// ```
    public init(placeholder: String = "", focused: Bool = false, masked: Bool = false, message: String? = nil,
                theme: Theme = .standard) {
        self.placeholder = placeholder; self.focused = focused; self.masked = masked; self.message = message
        self.theme = theme
    }

    /// Draws into the first row of `rect` (and the validation ``message`` into the second).
    ///
    /// ```swift
    /// field.render(in: Rect(x: 10, y: 2, width: 30, height: 1), on: &canvas, state: name)
    /// ```
    public func render(in rect: Rect, on canvas: inout Canvas, state: TextFieldState) {
        guard !rect.isEmpty else { return }
        let row = Rect(x: rect.x, y: rect.y, width: rect.width, height: 1)
        if let message, rect.height >= 2 {
            canvas.text(message, at: Point(x: rect.x, y: rect.y + 1), style: theme.error, maxWidth: rect.width, truncate: true)
        }
        let style = focused ? Style(attributes: .underline) : Style.plain
        canvas.fill(row, style: style)
        if state.isEmpty && !placeholder.isEmpty {
            canvas.text(placeholder, at: row.origin, style: theme.muted.adding(focused ? .underline : []),
                        maxWidth: row.width, truncate: true)
        } else {
            let (start, col) = state.viewport(width: row.width)
            let chars = state.characters
            var x = row.x
            var i = start
            while i < chars.count && x < row.maxX {
                let ch: Character = masked ? "•" : chars[i]
                let w = DisplayWidth.of(ch)
                if x + w > row.maxX { break }
                x += canvas.put(ch, at: Point(x: x, y: row.y), style: style)
                i += 1
            }
            if focused { canvas.cursor = Point(x: row.x + min(col, row.width - 1), y: row.y) }
            return
        }
        if focused { canvas.cursor = row.origin }
    }
}
