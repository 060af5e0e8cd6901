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

    // MARK: - The tables

    static var global: KeyTable {
        KeyTable("Anywhere", place: "anywhere", [
            KeyEntry([.ctrl("c")], "Ctrl-C", help: "quit", doc: "quit (always; the terminal is restored)", bar: false) { s, _ in
                s.quit = true; return []
            },
        ])
    }

    static var mainScreen: KeyTable {
        KeyTable("Main screen", place: "main screen", [
            KeyEntry([.tab, .backTab, .right, .left], "Tab Shift-Tab → ←", barLabel: "Tab", help: "pane",
                     doc: "move focus between Sessions, Accounts and Roles") { s, k in
                k == .tab || k == .right ? [.focusNext] : [.focusPrevious]
            },
            KeyEntry([.char("p")], help: "profiles", doc: "Profiles view") { _, _ in [.showProfiles] },
            KeyEntry([.char("R")], help: "reload", doc: "reload the config and the accounts", bar: false, hint: .reload) { _, _ in
                [.reload]
            },
            openDoctor,
            KeyEntry([.char("?")], help: "help", doc: "help (↑ ↓ PgUp PgDn scroll it)") { s, _ in
                s.showHelp = true; s.helpScroll = 0; return []
            },
            KeyEntry([.char("q")], help: "quit") { s, _ in s.quit = true; return [] },
        ])
    }

    static var lists: KeyTable {
        let move: (inout TUIState, Key) -> [UIAction] = { s, k in listKey(&s, .key(k)) }
        return KeyTable("Lists", place: "lists", [
            KeyEntry([.up, .down, .char("j"), .char("k")], "↑ ↓ j k", help: "move", bar: false, run: move),
            KeyEntry([.pageUp, .pageDown], "PgUp PgDn", help: "page",
                     doc: "move by the rows shown", bar: false, run: move),
            KeyEntry([.home, .end, .char("g"), .char("G")], "Home End g G", help: "first / last", bar: false, run: move),
            KeyEntry([.char("/")], help: "filter",
                     doc: "filter as you type (fuzzy, case- and accent-insensitive); it stays open until Enter or Esc",
                     when: { s in enabled(!s.focusedList.items.isEmpty, "Nothing to filter yet") }, run: move),
            KeyEntry([.escape], "Esc", help: "clear filter", doc: "clear the filter",
                     when: { s in s.focusedList.filterMode == .applied ? .enabled : .inactive }, run: move),
        ])
    }

    static var filter: KeyTable {
        let move: (inout TUIState, Key) -> [UIAction] = { s, k in listKey(&s, .key(k)) }
        return KeyTable("While filtering", place: "while filtering", [
            KeyEntry([.up, .down, .pageUp, .pageDown], "↑ ↓ PgUp PgDn", barLabel: "↑/↓", help: "move", doc: "move within the matches",
                     run: move),
            KeyEntry([.enter], help: "apply",
                     doc: "keep the filter and act on the row (Accounts: with more than one match, stay on the matches, so `P` populates them)",
                     run: move),
            KeyEntry([.escape], "Esc", help: "clear filter", doc: "clear the filter", run: move),
            KeyEntry([], "(typing)", help: "typed", doc: "typed into the filter (`q` and every letter too; Backspace, Ctrl-U, Ctrl-W edit)",
                     bar: false, run: nil),
        ], input: { s, e in listKey(&s, e) })
    }

    static var sessions: KeyTable {
        let has: (TUIState) -> KeyAvailability = { s in enabled(s.ui.currentSession != nil, "No sso-session yet; n adds one") }
        return KeyTable("Sessions", place: "Sessions", [
            KeyEntry([.enter], help: "log in", doc: "log in if needed, then load the accounts", hint: .activateSession, when: has,
                     barHelp: { s in (s.ui.currentSession?.isLoggedIn(at: s.ui.now) ?? false) ? "accounts" : "log in" }) { s, k in
                listKey(&s, .key(k))
            },
            KeyEntry([.char("l")], help: "log in again", hint: .login, when: has) { s, _ in s.ui.selectedSession.map { [.login($0)] } ?? [] },
            KeyEntry([.char("L")], help: "log out", doc: "log out, after y/n (portal Logout, cached token deleted)",
                     when: { s in
                         guard let c = s.ui.currentSession else { return .disabled("No sso-session yet; n adds one") }
                         return enabled(c.isLoggedIn(at: s.ui.now), "\(UIText.safe(c.name)) is not logged in")
                     }) { s, _ in s.ui.selectedSession.map { [.logout($0)] } ?? [] },
            KeyEntry([.char("n")], help: "new session", doc: "add an sso-session") { _, _ in [.newSession] },
        ])
    }

    static var accounts: KeyTable {
        let any: (TUIState) -> KeyAvailability = { s in enabled(!s.accountIds.isEmpty, "No accounts listed yet") }
        return KeyTable("Accounts", place: "Accounts", [
            KeyEntry([.enter], help: "roles", doc: "that account's roles (focus moves to Roles)",
                     when: { s in s.accountsList.selectedIndex == nil ? .disabled("No account matches the filter; Esc clears it") : any(s) }) { s, k in
                listKey(&s, .key(k))
            },
            KeyEntry([.char("P")], help: "populate all",
                     doc: "populate: every account, or the matches of an applied filter (`/prod` Enter `P`), with a preview",
                     when: any, barHelp: { s in s.accountsList.filterMode == .applied ? "populate matches" : "populate all" }) { s, _ in
                populateScope(s)
            },
        ])
    }

    static var roles: KeyTable {
        KeyTable("Roles", place: "Roles", [
            KeyEntry([.enter], help: "profile", doc: "profile editor (a role with a profile edits it)", when: hasRole) { s, k in
                listKey(&s, .key(k))
            },
            KeyEntry([.char("c")], help: "console",
                     doc: "open the AWS console as the role (without a browser the sign-in link goes to the clipboard)",
                     when: hasRole) { s, _ in
                selectedRole(s).map { [.openConsole(accountId: $0.0, role: $0.1)] } ?? []
            },
            KeyEntry([.char("x")], help: "copy export", doc: "copy the role's `export` lines to the clipboard (OSC 52)",
                     when: hasRole) { s, _ in
                selectedRole(s).map { [.copyCredentials(accountId: $0.0, role: $0.1)] } ?? []
            },
            KeyEntry([.char("P")], help: "populate account", doc: "populate this account, with a preview",
                     when: { s in enabled(s.ui.selectedAccount != nil && s.ui.roles != nil, "This account's roles are not listed yet") }) { s, _ in
                guard let id = s.ui.selectedAccount else { return [] }
                let a = s.ui.currentListing?.account(id)
                return [.openPopulate(accountIds: [id], label: (a?.accountName.map { "\($0) (\(id))" } ?? id))]
            },
        ])
    }

    static var login: KeyTable {
        let failed: (TUIState) -> Bool = { s in if case .failed? = s.ui.login?.phase { return true }; return false }
        return KeyTable("Login screen", place: "login screen", [
            KeyEntry([.char("o")], help: "open browser", doc: "open the browser again",
                     when: { s in enabled(s.ui.login?.browserURL != nil, "No URL yet") }) { _, _ in [.openBrowserAgain] },
            KeyEntry([.char("c")], help: "copy URL+code", doc: "copy the URL and code (OSC 52)",
                     when: { s in enabled(s.ui.login?.browserURL != nil, "No URL yet") },
                     barHelp: { s in s.ui.login?.method == .pkce ? "copy URL" : "copy URL+code" }) { _, _ in [.copyLogin] },
            KeyEntry([.char("r"), .enter], "r Enter", barLabel: "r", help: "retry", doc: "try again after an error",
                     when: { s in failed(s) ? .enabled : .inactive }) { _, _ in [.loginRetry] },
            KeyEntry([.char("p")], help: "use PKCE", doc: "switch device code ↔ authorization code with PKCE",
                     barHelp: { s in s.ui.login?.method == .pkce ? "use device code" : "use PKCE" }) { _, _ in [.switchLoginMethod] },
            KeyEntry([.escape], "Esc", help: "cancel") { _, _ in [.loginCancel] },
            KeyEntry([.char("?")], help: "help", bar: false, docs: false) { s, _ in s.showHelp = true; s.helpScroll = 0; return [] },
            KeyEntry([.char("q")], help: "quit", docs: false) { s, _ in s.quit = true; return [] },
        ])
    }

    static var populate: KeyTable {
        KeyTable("Populate screen", place: "populate screen", [
            KeyEntry([.tab, .backTab], "Tab Shift-Tab", help: "next field", doc: "next / previous field (template, region, output, prune)",
                     run: nil),
            KeyEntry([.pageUp, .pageDown], "PgUp PgDn", help: "scroll preview", doc: "scroll the preview",
                     when: { s in (s.populateForm?.isPickerOpen ?? false) ? .inactive : .enabled }) { s, k in
                s.populateList.scroll(pages: k == .pageDown ? 1 : -1)
                return []
            },
            KeyEntry([.enter], help: "write profiles", doc: "write the profiles (the plan made again under the config lock)", run: nil),
            KeyEntry([.escape], "Esc", help: "cancel", doc: "cancel (nothing written)", run: nil),
        ], input: { s, e in TUIKeys.populate(&s, e) }, bar: { s in
            if s.populateForm?.isPickerOpen ?? false { return s.populateForm?.keyBindings ?? [] }
            return [KeyBinding([.enter], help: "write profiles"), KeyBinding([.tab, .backTab], label: "Tab", help: "next field"),
                    KeyBinding([.pageUp, .pageDown], label: "PgUp/PgDn", help: "scroll preview"),
                    KeyBinding([.escape], help: "cancel"), KeyBinding([.ctrl("c")], help: "quit")]
        })
    }

    static var profiles: KeyTable {
        let sel: (TUIState) -> String? = { s in s.profilesList.selectedIndex.map { s.profileNames[$0] } }
        let has: (TUIState) -> KeyAvailability = { s in
            enabled(sel(s) != nil, s.profilesList.items.isEmpty ? "No profiles yet" : "No profile matches the filter; Esc clears it")
        }
        return KeyTable("Profiles view", place: "Profiles view", [
            KeyEntry([.char("e"), .enter], "e Enter", help: "edit", when: has) { s, _ in sel(s).map { [.editProfile($0)] } ?? [] },
            KeyEntry([.char("r")], help: "rename", when: has) { s, _ in
                if let n = sel(s) { s.rename = (n, TextFieldState(n)) }
                return []
            },
            KeyEntry([.char("d")], help: "delete", doc: "delete, after y/n", when: has) { s, _ in sel(s).map { [.deleteProfile($0)] } ?? [] },
            KeyEntry([.char("*")], help: "make default",
                     doc: "make it the default profile, after y/n (its SSO and region/output keys go into `[default]`)",
                     when: has) { s, _ in sel(s).map { [.makeDefault($0)] } ?? [] },
            KeyEntry([.char("R")], help: "reload", doc: "reload the config", bar: false) { _, _ in [.reload] },
            KeyEntry([.escape, .char("p")], "Esc p", help: "back") { _, _ in [.back] },
            KeyEntry([.char("?")], help: "help", bar: false, docs: false) { s, _ in s.showHelp = true; s.helpScroll = 0; return [] },
            KeyEntry([.char("q")], help: "quit", docs: false) { s, _ in s.quit = true; return [] },
        ])
    }

    static var rename: KeyTable {
        KeyTable("Renaming a profile", place: "Profiles view, renaming", [
            KeyEntry([.enter], help: "rename") { s, _ in
                guard let r = s.rename else { return [] }
                s.rename = nil
                return [.renameProfile(from: r.old, to: r.field.text)]
            },
            KeyEntry([.escape], "Esc", help: "cancel") { s, _ in s.rename = nil; return [] },
        ], input: { s, e in
            if var r = s.rename { r.field.handle(e); s.rename = r }
            return []
        })
    }

    static var forms: KeyTable {
        KeyTable("Forms", place: "forms", [
            KeyEntry([.tab, .backTab], "Tab Shift-Tab", help: "next field", doc: "next / previous field", run: nil),
            KeyEntry([.ctrl("u")], "Ctrl-U", help: "clear", doc: "clear the field", run: nil),
            KeyEntry([.enter], help: "save", doc: "save (on a pick-list: choose)", run: nil),
            KeyEntry([.escape], "Esc", help: "cancel", doc: "cancel (on a pick-list: close it)", run: nil),
        ], input: { s, e in s.ui.screen == .editor ? TUIKeys.editor(&s, e) : TUIKeys.sessionForm(&s, e) }, bar: { s in
            let f = s.ui.screen == .editor ? s.editorForm : s.sessionForm
            var b = f?.keyBindings ?? []
            if s.ui.screen == .sessionForm && s.ui.firstRun && s.ui.sessions.isEmpty {
                b.removeAll { $0.keys.contains(.escape) && !(f?.isPickerOpen ?? false) }   // nothing to go back to
            }
            b.append(KeyBinding([.ctrl("c")], help: "quit"))
            return b
        })
    }

    static var confirm: KeyTable {
        KeyTable("Questions (y/n)", place: "y/n questions", [
            KeyEntry([.char("y"), .char("Y")], "y", help: "yes") { _, _ in [.confirm(true)] },
            KeyEntry([.char("n"), .char("N"), .escape, .enter], "n Esc Enter", barLabel: "n/Esc", help: "no") { _, _ in [.confirm(false)] },
        ], input: { _, _ in [] })
    }

    static var helpOverlay: KeyTable {
        let scroll: (inout TUIState, Key) -> [UIAction] = { s, k in
            switch k {
            case .up, .char("k"): s.helpScroll -= 1
            case .down, .char("j"): s.helpScroll += 1
            case .pageUp: s.helpScroll -= max(1, s.size.height - 6)
            case .pageDown: s.helpScroll += max(1, s.size.height - 6)
            case .home: s.helpScroll = 0
            default: s.helpScroll = Int.max / 2
            }
            s.helpScroll = max(0, min(s.helpScroll, TUIView.helpMaxScroll(s)))
            return []
        }
        return KeyTable("Help", place: "help", [
            KeyEntry([.up, .down, .char("j"), .char("k"), .pageUp, .pageDown, .home, .end], "↑ ↓ PgUp PgDn", barLabel: "↑/↓ PgUp/PgDn",
                     help: "scroll",
                     run: scroll),
            KeyEntry([.char("q")], help: "quit", docs: false) { s, _ in s.quit = true; return [] },
            KeyEntry([], "any other key", help: "close", docs: false, run: nil),
        ], input: { s, e in
            if case .key = e { s.showHelp = false }
            return []
        })
    }
}
