import Core
import Foundation
import TUIKit

// The tables of keys, one per screen and pane (which are in effect: `TUIKeymap.active`).
extension TUIKeymap {
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
