import Foundation

/// A validation rule for a form field: returns an error message, or nil when the value is fine.
/// Rules compare equal by name, so form state stays `Equatable`.
///
/// ```swift
/// let rule = Validator("profile name") { $0.isEmpty ? "required" : nil }
/// ```
public struct Validator: Sendable, Hashable {
    /// Identifies the rule (used for equality).
    public let name: String
    /// The check.
    public let check: @Sendable (String) -> String?

    /// Creates a rule.
    ///
    /// ```swift
    /// Validator("no spaces") { $0.contains(" ") ? "no spaces allowed" : nil }
    /// ```
    public init(_ name: String, _ check: @escaping @Sendable (String) -> String?) { self.name = name; self.check = check }

    /// Value must not be blank.
    public static let required = Validator("required") { $0.trimmingCharacters(in: .whitespaces).isEmpty ? "required" : nil }

    /// Compares names.
    public static func == (a: Validator, b: Validator) -> Bool { a.name == b.name }
    /// Hashes the name.
    public func hash(into h: inout Hasher) { h.combine(name) }
}

/// The state of a pick-list field: a value chosen from options, with a drop-down filtered list.
///
/// ```swift
/// var region = PickFieldState(options: ["us-east-1", "eu-central-1"], value: "eu-central-1")
/// ```
public struct PickFieldState: Hashable, Sendable {
    /// The options.
    public var options: [String] { list.items }
    /// The chosen value.
    public var value: String
    /// Whether the drop-down is open.
    public private(set) var isOpen = false
    /// Whether a value not in the options may be typed (Enter on no match keeps the typed text).
    public var allowsCustomValue: Bool
    /// The drop-down list (always filtering while open).
    public private(set) var list: ListState

    /// Creates a pick field.
    ///
    /// ```swift
    /// PickFieldState(options: ["json", "text", "table", "yaml"], value: "json")
    /// ```
    public init(options: [String], value: String = "", allowsCustomValue: Bool = false) {
        self.value = value
        self.allowsCustomValue = allowsCustomValue
        self.list = ListState(items: options, matchKind: .fuzzy)
        self.list.pageSize = 6
    }

    /// Opens the drop-down with the current value selected.
    public mutating func open() {
        isOpen = true
        list.clearFilter()
        if let i = list.items.firstIndex(of: value) { list.select(index: i) }
        list.startFiltering()
    }

    /// Closes the drop-down without changing the value.
    public mutating func close() { isOpen = false; list.clearFilter() }

    /// Keys: when closed, Space/↓ or typing opens it (Enter is left to the form: it submits); when open, typing filters, ↑/↓ move,
    /// Enter picks, Esc closes. Returns true if the event was used.
    ///
    /// ```swift
    /// region.handle(.key(.char("e")))
    /// ```
    @discardableResult
    public mutating func handle(_ event: InputEvent) -> Bool {
        if !isOpen {
            switch event {
            case .key(.char(" ")), .key(.down):
                open(); return true
            case .key(.char), .paste:
                open(); _ = list.handle(event); return true
            default: return false
            }
        }
        switch event {
        case .key(.escape): close(); return true
        case .key(.enter):
            if let s = list.selectedItem { value = s }
            else if allowsCustomValue && !list.query.isEmpty { value = list.query.text }
            close(); return true
        case .key(.tab), .key(.backTab): close(); return false
        default:
            let r = list.handle(event)
            if r == .ignored { return false }
            if !list.query.isEmpty || r != .filterChanged { return true }
            if list.filterMode == .unfiltered { list.startFiltering() }   // backspace on empty query
            return true
        }
    }
}

/// One field of a ``FormState``.
///
/// ```swift
/// FormField("Name", text: "acme-dev", validators: [.required])
/// FormField("Region", pick: regions, value: "us-east-1")
/// ```
public struct FormField: Hashable, Sendable {
    /// The input kind.
    public enum Kind: Hashable, Sendable {
        /// A single-line text field.
        case text(TextFieldState)
        /// A value picked from a list.
        case pick(PickFieldState)
    }
    /// Label shown before the input.
    public var label: String
    /// The input.
    public var kind: Kind
    /// Rules checked on change and on submit.
    public var validators: [Validator]
    /// Placeholder for empty text fields.
    public var placeholder: String
    /// Set once edited or after a submit attempt: then errors are shown.
    public var touched = false

    /// A text field.
    ///
    /// ```swift
    /// FormField("Start URL", text: "", placeholder: "https://…/start", validators: [.required])
    /// ```
    public init(_ label: String, text: String = "", placeholder: String = "", validators: [Validator] = []) {
        self.label = label; self.kind = .text(TextFieldState(text)); self.validators = validators
        self.placeholder = placeholder
    }

    /// A pick-list field.
    ///
    /// ```swift
    /// FormField("Output", pick: ["json", "text", "table", "yaml"], value: "json")
    /// ```
    public init(_ label: String, pick options: [String], value: String = "", allowsCustomValue: Bool = false,
                validators: [Validator] = []) {
        self.label = label
        self.kind = .pick(PickFieldState(options: options, value: value, allowsCustomValue: allowsCustomValue))
        self.validators = validators
        self.placeholder = ""
    }

    /// The current value.
    public var value: String {
        switch kind {
        case .text(let t): return t.text
        case .pick(let p): return p.value
        }
    }

    /// The first validation error, if any.
    public var error: String? {
        for v in validators { if let e = v.check(value) { return e } }
        return nil
    }
}

/// What a key did to a form.
///
/// ```swift
/// if form.handle(event) == .submitted { return [.perform(.saveProfile(form.values))] }
/// ```
public enum FormEvent: Hashable, Sendable {
    /// Not a form key.
    case ignored
    /// A value, the focus or a drop-down changed.
    case changed
    /// Enter with every field valid.
    case submitted
    /// Esc (with no drop-down open).
    case cancelled
}

/// The state of a ``Form``: its fields and which one has focus.
///
/// Keys: Tab/Shift-Tab (and ↓/↑ on text fields) move between fields, Space/↓ or typing opens a
/// pick field's drop-down, Enter submits when all
/// fields are valid (otherwise it focuses the first invalid one and shows errors), Esc cancels;
/// editing keys go to the focused field (Ctrl-U clears it).
///
/// ```swift
/// var form = FormState(fields: [
///     FormField("Name", text: "acme-dev-poweruser", validators: [.required]),
///     FormField("Region", pick: ["us-east-1", "eu-west-1"], value: "us-east-1"),
///     FormField("Output", pick: ["json", "text", "table", "yaml"], value: "json"),
/// ])
/// form.handle(.key(.tab))
/// form.values["Region"]   // "us-east-1"
/// ```
public struct FormState: Hashable, Sendable {
    /// The fields.
    public var fields: [FormField]
    /// Index of the focused field.
    public var focus: Int

    /// Creates a form focused on its first field.
    ///
    /// ```swift
    /// FormState(fields: [FormField("Name")])
    /// ```
    public init(fields: [FormField], focus: Int = 0) { self.fields = fields; self.focus = focus }

    /// Values by label.
    public var values: [String: String] {
        Dictionary(fields.map { ($0.label, $0.value) }, uniquingKeysWith: { a, _ in a })
    }

    /// True when no field has an error.
    public var isValid: Bool { fields.allSatisfy { $0.error == nil } }

    /// The focused field's open drop-down, if any.
    public var isPickerOpen: Bool {
        guard fields.indices.contains(focus), case .pick(let p) = fields[focus].kind else { return false }
        return p.isOpen
    }

    /// Moves focus by `delta` fields, wrapping around.
    ///
    /// ```swift
    /// form.moveFocus(by: 1)
    /// ```
    public mutating func moveFocus(by delta: Int) {
        guard !fields.isEmpty else { return }
        if case .pick(var p) = fields[focus].kind, p.isOpen { p.close(); fields[focus].kind = .pick(p) }
        focus = ((focus + delta) % fields.count + fields.count) % fields.count
    }

    /// Handles a key or paste.
    ///
    /// ```swift
    /// switch form.handle(event) { case .submitted: save(); case .cancelled: close(); default: break }
    /// ```
    @discardableResult
    public mutating func handle(_ event: InputEvent) -> FormEvent {
        guard fields.indices.contains(focus) else { return .ignored }
        switch fields[focus].kind {
        case .pick(var p):
            let used = p.handle(event)
            fields[focus].kind = .pick(p)
            if used { fields[focus].touched = true; return .changed }
        case .text(var t):
            if case .key(let k) = event, [.up, .down].contains(k) { break }
            let before = t.text
            if t.handle(event) {
                fields[focus].kind = .text(t)
                if t.text != before { fields[focus].touched = true }
                return .changed
            }
        }
        switch event {
        case .key(.tab), .key(.down): moveFocus(by: 1); return .changed
        case .key(.backTab), .key(.up): moveFocus(by: -1); return .changed
        case .key(.escape): return .cancelled
        case .key(.enter):
            for i in fields.indices { fields[i].touched = true }
            if let bad = fields.firstIndex(where: { $0.error != nil }) { focus = bad; return .changed }
            return .submitted
        default: return .ignored
        }
    }

    /// Bindings for the help bar.
    public var keyBindings: [KeyBinding] {
        if isPickerOpen {
            return [KeyBinding([.up, .down], label: "↑/↓", help: "choose"),
                    KeyBinding([.enter], help: "pick"), KeyBinding([.escape], help: "close")]
        }
        return [KeyBinding([.tab, .backTab], label: "Tab/Shift-Tab", help: "next/prev field"),
                KeyBinding([.ctrl("u")], help: "clear"),
                KeyBinding([.enter], help: "save"), KeyBinding([.escape], help: "cancel")]
    }
}

/// Draws a ``FormState``: one row per field (`Label: value`), a validation message under a
/// touched invalid field, and the focused pick field's drop-down over the rows below it.
///
/// ```swift
/// Form(theme: theme).render(in: inner, on: &canvas, state: state.editor)
/// ```
public struct Form: Sendable {
    /// Colours.
    public var theme: Theme
    /// Whether the form has focus (shows the cursor).
    public var focused: Bool

    /// Creates a form view.
    ///
    /// ```swift
    /// Form()
    /// ```
    public init(focused: Bool = true, theme: Theme = .standard) { self.focused = focused; self.theme = theme }

    /// Rows needed for a state (fields plus error lines).
    ///
    /// ```swift
    /// let h = Form.height(for: state.editor)
    /// ```
    public static func height(for state: FormState) -> Int {
        state.fields.reduce(0) { $0 + 1 + (($1.touched && $1.error != nil) ? 1 : 0) }
    }

    /// Draws the form.
    ///
    /// ```swift
    /// Form().render(in: rect, on: &canvas, state: form)
    /// ```
    public func render(in rect: Rect, on canvas: inout Canvas, state: FormState) {
        guard !rect.isEmpty else { return }
        let labelW = min(max(0, rect.width / 3), (state.fields.map { $0.label.displayWidth }.max() ?? 0))
        let inputX = rect.x + labelW + 2
        let inputW = max(0, rect.maxX - inputX)
        var y = rect.y
        var dropdown: (Rect, PickFieldState)?
        canvas.clipped(to: rect) { c in
            for (i, f) in state.fields.enumerated() {
                guard y < rect.maxY else { break }
                let isFocus = focused && i == state.focus
                c.text(f.label.padded(toWidth: labelW, alignment: .right), at: Point(x: rect.x, y: y),
                       style: isFocus ? theme.accent : theme.text)
                c.text(": ", at: Point(x: rect.x + labelW, y: y), style: theme.muted)
                let inputRect = Rect(x: inputX, y: y, width: inputW, height: 1)
                switch f.kind {
                case .text(let t):
                    TextField(placeholder: f.placeholder, focused: isFocus, theme: theme)
                        .render(in: inputRect, on: &c, state: t)
                case .pick(let p):
                    let style = isFocus ? Style(attributes: .underline) : theme.text
                    c.fill(inputRect, style: style)
                    let arrow = p.isOpen ? " ▴" : " ▾"
                    c.text(p.value, at: inputRect.origin, style: style, maxWidth: max(0, inputW - 2), truncate: true)
                    if inputW >= 3 {
                        c.text(arrow, at: Point(x: inputRect.maxX - 2, y: y), style: isFocus ? theme.accent : theme.muted)
                    }
                    if isFocus && p.isOpen { dropdown = (inputRect, p) }
                }
                y += 1
                if f.touched, let e = f.error, y < rect.maxY {
                    c.text("  " + e, at: Point(x: inputX, y: y), style: theme.error, maxWidth: inputW, truncate: true)
                    y += 1
                }
            }
        }
        if let (r, p) = dropdown {
            let below = canvas.height - (r.y + 1)
            let want = min(p.list.visible.count, 6) + 3
            let h = max(3, min(want, below))
            let box = Rect(x: r.x, y: r.y + 1, width: max(8, r.width), height: h)
            canvas.fill(box)
            let inner = Pane(title: nil, focused: true, theme: theme).render(in: box, on: &canvas)
            List(focused: true, theme: theme, noMatchesText: p.allowsCustomValue ? "(custom value)" : "no matches")
                .render(in: inner, on: &canvas, state: p.list)
        }
    }
}
