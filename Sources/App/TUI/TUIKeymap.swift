import Core
import Foundation
import TUIKit

// The TUI's keys, in one place: one table per screen and pane. Dispatch, the help bar, the `?`
// overlay and the key tables of README.md and docs/tui.md all come from these tables (AppTests
// fails when the README's table differs). See docs/tui.md, "Keys: adding a screen".

/// Whether a key does something now.
enum KeyAvailability: Equatable {
    case enabled
    /// Does nothing and says why in the status line.
    case disabled(String)
    /// Not in effect here: the key is looked up further down the tables (and never shown).
    case inactive
}

/// One binding: keys, what they do, and whether they do it in this state.
struct KeyEntry {
    var keys: [Key]
    /// The keys as help shows them (`l`, `↑ ↓ j k`).
    var label: String
    /// Short text for the help bar.
    var help: String
    /// The keys as the help bar shows them (default: ``label``).
    var barLabel: String?
    /// The full text for the `?` overlay and the README.
    var doc: String
    /// Shown in the one-line help bar (it is always in the overlay).
    var inBar: Bool
    /// Listed in README.md / docs/tui.md.
    var inDocs: Bool
    var availability: (TUIState) -> KeyAvailability
    /// Help-bar text that depends on the state ("log in" / "accounts").
    var barHelp: ((TUIState) -> String)?
    /// What it does; nil: the table's widget (a form, a text field) handles the key itself.
    var run: ((inout TUIState, Key) -> [UIAction])?
    /// The action Core's messages name with this hint's placeholder (they show this entry's key).
    var hint: UIKeyHint?

    init(_ keys: [Key], _ label: String? = nil, barLabel: String? = nil, help: String, doc: String? = nil, bar: Bool = true,
         docs: Bool = true, hint: UIKeyHint? = nil,
         when availability: @escaping (TUIState) -> KeyAvailability = { _ in .enabled },
         barHelp: ((TUIState) -> String)? = nil, run: ((inout TUIState, Key) -> [UIAction])?) {
        self.keys = keys
        self.label = label ?? keys.map(\.description).joined(separator: " ")
        self.help = help
        self.barLabel = barLabel
        self.doc = doc ?? help
        self.inBar = bar
        self.inDocs = docs
        self.availability = availability
        self.barHelp = barHelp
        self.run = run
        self.hint = hint
    }
}

/// The bindings of one screen or pane.
struct KeyTable {
    /// The overlay's section title, and how a hint names it ("the Sessions pane").
    var title: String
    /// The README's "where" column.
    var place: String
    var entries: [KeyEntry]
    /// Input no entry takes (text typed into a field); nil: such keys do nothing.
    var input: ((inout TUIState, InputEvent) -> [UIAction])?
    /// A help bar of its own (forms show their widget's keys); nil: from the entries.
    var bar: ((TUIState) -> [KeyBinding])?

    init(_ title: String, place: String, _ entries: [KeyEntry], input: ((inout TUIState, InputEvent) -> [UIAction])? = nil,
         bar: ((TUIState) -> [KeyBinding])? = nil) {
        self.title = title
        self.place = place
        self.entries = entries
        self.input = input
        self.bar = bar
    }
}

enum TUIKeymap {
    // MARK: - Which tables are in effect

    /// The tables in effect, most specific first: the first entry with the key decides.
    static func active(_ s: TUIState) -> [KeyTable] {
        if s.showHelp { return [helpOverlay, global] }
        if s.doctor.open { return [s.doctor.confirmFix ? doctorConfirm : doctor, global] }
        if s.ui.confirm != nil { return [confirm, global] }
        switch s.ui.screen {
        case .main:
            let list = s.list(s.ui.focus)
            if list.filterMode == .filtering { return [filter, global] }
            return [pane(s.ui.focus), lists, mainScreen, global]
        case .login: return [login, global]
        case .profiles:
            if s.rename != nil { return [rename, global] }
            if s.profilesList.filterMode == .filtering { return [filter, global] }
            return [lists, profiles, global]
        case .sessionForm, .editor: return [forms, global]
        case .populate: return [populate, global]
        }
    }

    /// Every table, in the order of the README's key table and the overlay.
    static var documented: [KeyTable] {
        [mainScreen, lists, filter, sessions, accounts, roles, login, populate, profiles, rename, forms, confirm, doctor, helpOverlay, global]
    }

    static func pane(_ p: UIPane) -> KeyTable {
        switch p {
        case .sessions: return sessions
        case .accounts: return accounts
        case .roles: return roles
        }
    }

    // MARK: - Dispatch

    /// Runs `event` through the tables in effect: the first enabled entry with the key acts, a
    /// disabled one says why; a key of another pane says where it works; text goes to the
    /// field that takes it.
    static func handle(_ s: inout TUIState, _ event: InputEvent) -> [UIAction] {
        let tables = active(s)
        if case .key(let k) = event {
            for t in tables {
                for e in t.entries where e.keys.contains(k) {
                    switch e.availability(s) {
                    case .inactive: continue
                    case .disabled(let why): return [.notify(UIMessage(why))]
                    case .enabled:
                        if let run = e.run { return run(&s, k) }
                        return t.input?(&s, event) ?? []
                    }
                }
            }
        }
        if let input = tables.first(where: { $0.input != nil })?.input { return input(&s, event) }
        // A key of another pane of the main screen: say where it works.
        if case .key(let k) = event, s.ui.screen == .main {
            for p in UIPane.allCases where p != s.ui.focus {
                if let e = pane(p).entries.first(where: { $0.keys.contains(k) }) {
                    return [.notify(UIMessage("\(e.label) (\(e.help)) works on the \(pane(p).title) pane"))]
                }
            }
        }
        return []
    }

    // MARK: - Help bar, overlay, docs

    static func bar(_ s: TUIState) -> [KeyBinding] {
        var out: [KeyBinding] = []
        for t in active(s) {
            if let b = t.bar { out += b(s); continue }
            for e in t.entries where e.inBar {
                guard e.availability(s) == .enabled else { continue }
                out.append(KeyBinding(e.keys, label: e.barLabel ?? e.label, help: e.barHelp?(s) ?? e.help))
            }
        }
        return out
    }

    /// The overlay: the tables in effect first, then every other one.
    static func helpSections(_ s: TUIState) -> [(title: String, bindings: [KeyBinding])] {
        var under = s
        under.showHelp = false
        let act = active(under).map(\.title).filter { $0 != global.title }
        let tables = documented.filter { act.contains($0.title) } + documented.filter { !act.contains($0.title) }
        return tables.map { t in (t.title, t.entries.map { KeyBinding($0.keys, label: $0.label, help: $0.doc) }) }
    }

    /// The key table of README.md and docs/tui.md.
    static func markdown() -> String {
        var out = "| key | where | does |\n|---|---|---|\n"
        for t in documented {
            for e in t.entries where e.inDocs {
                let key = e.label.hasPrefix("(") ? e.label : e.label.split(separator: " ").map { "`\($0)`" }.joined(separator: " ")
                out += "| \(key) | \(t.place) | \(e.doc.replacingOccurrences(of: "|", with: "\\|")) |\n"
            }
        }
        return out
    }

    // MARK: - Helpers for the entries

    /// The key a message names for `hint` (`{reload}` → `R`): the first key of the entry that has the hint.
    static func key(for hint: UIKeyHint) -> String {
        for t in documented { for e in t.entries where e.hint == hint { if let k = e.keys.first { return k.description } } }
        return hint.rawValue
    }

    /// A message of Core's as shown: its placeholders replaced by the keys.
    static func text(_ m: UIMessage) -> String { m.rendered(keys: key(for:)) }

    static func enabled(_ on: Bool, _ why: @autoclosure () -> String) -> KeyAvailability { on ? .enabled : .disabled(why()) }

    /// The (account, role) under the cursor in the Roles pane: always the highlighted row.
    static func selectedRole(_ s: TUIState) -> (String, String)? {
        guard let a = s.rolesAccount, a == s.ui.selectedAccount, let i = s.rolesList.selectedIndex,
              s.roleNames.indices.contains(i) else { return nil }
        return (a, s.roleNames[i])
    }

    /// A key for the focused list (moves, filter, Enter) and what it means in domain terms.
    static func listKey(_ s: inout TUIState, _ event: InputEvent) -> [UIAction] {
        if s.ui.screen == .profiles {
            switch s.profilesList.handle(event) {
            case .activated(let i): return [.editProfile(s.profileNames[i])]
            default: return []
            }
        }
        switch s.ui.focus {
        case .sessions:
            let r = s.sessionsList.handle(event)
            var out: [UIAction] = []
            if let i = s.sessionsList.selectedIndex { out.append(.selectSession(s.sessionNames[i])) }
            if case .activated(let i) = r { out.append(.activateSession(s.sessionNames[i])) }
            return out
        case .accounts:
            let filtering = s.accountsList.filterMode == .filtering
            let r = s.accountsList.handle(event)
            var out: [UIAction] = []
            if let i = s.accountsList.selectedIndex { out.append(.selectAccount(s.accountIds[i])) }
            if case .activated(let i) = r {
                // Enter on a filter: with one match, its roles; with more, the matches stay
                // (`P` populates them, Enter then opens the highlighted one).
                if !filtering || s.accountsList.visible.count == 1 { out.append(.activateAccount(s.accountIds[i])) }
            }
            return out
        case .roles:
            let r = s.rolesList.handle(event)
            if case .activated = r, let (a, role) = selectedRole(s) { return [.activateRole(accountId: a, role: role)] }
            return []
        }
    }

    static func hasRole(_ s: TUIState) -> KeyAvailability {
        if selectedRole(s) != nil { return .enabled }
        if s.rolesList.filterMode != .unfiltered && !s.rolesList.items.isEmpty { return .disabled("No role matches the filter; Esc clears it") }
        return .disabled(s.ui.selectedAccount == nil ? "Select an account first" : "This account's roles are not listed yet")
    }

    static func populateScope(_ s: TUIState) -> [UIAction] {
        guard let n = s.ui.selectedSession else { return [] }
        if s.accountsList.filterMode == .applied {
            let ids = s.accountsList.visible.map { s.accountIds[$0.index] }
            return [.openPopulate(accountIds: ids, label: "\(ids.count) account(s) of \(n) matching /\(s.accountsList.query.text)")]
        }
        return [.openPopulate(accountIds: nil, label: "all \(s.accountIds.count) accounts of \(n)")]
    }
}
