import Core
import Foundation
import TUIKit

/// The App-level TUI state: the domain state from Core plus the widget state (cursors,
/// filters, forms) that only the terminal UI needs.
struct TUIState {
    var ui: UIState
    var sessionsList = ListState(matchKind: .fuzzy)
    var accountsList = ListState(matchKind: .fuzzy)
    var rolesList = ListState(matchKind: .fuzzy)
    var profilesList = ListState(matchKind: .fuzzy)
    /// Row keys parallel to the lists' items.
    var sessionNames: [String] = []
    var accountIds: [String] = []
    var roleNames: [String] = []
    var profileNames: [String] = []
    var sessionForm: FormState?
    var editorForm: FormState?
    /// The editor context the editor form was built for.
    var editorFormFor: UIEditorContext?
    /// The populate screen's form, the populate it was built for, the request last sent for a
    /// preview, and how far the preview is scrolled.
    var populateForm: FormState?
    var populateFormFor: UIPopulateRequest?
    var populateSent: UIPopulateRequest?
    /// The populate preview's rows (a read-only list: PgUp/PgDn scroll it).
    var populateList = ListState()
    var populateRowsFor: UIPopulatePreview?
    /// Renaming a profile in the Profiles view: old name and the text field.
    var rename: (old: String, field: TextFieldState)?
    var showHelp = false
    var doctor = DoctorPanel()
    /// How far the `?` overlay is scrolled.
    var helpScroll = 0
    /// The terminal's size (list pages and the help overlay's scroll depend on it).
    var size = Size(width: 80, height: 24)
    /// The account whose roles the Roles list holds: a new account's roles start at the top.
    var rolesAccount: String?
    /// Rows of the populate preview shown (PgUp/PgDn move by it).
    var populatePage = 10
    /// Widest name, id and e-mail of the accounts (the Accounts list's column widths).
    var accountWidths = [0, 12, 0]
    var spinner = SpinnerState()
    var spinnerOn = false
    var quit = false
    var theme: Theme

    init(ui: UIState, noColor: Bool) {
        self.ui = ui
        var t = Theme.standard
        if noColor {
            t.muted = .plain; t.border = .plain; t.focusedBorder = .bold; t.match = Style(attributes: [.bold, .underline])
            t.accent = .bold; t.error = .bold; t.warning = .plain; t.success = .plain
        }
        theme = t
    }
}

extension TUIState {
    func list(_ p: UIPane) -> ListState {
        switch p {
        case .sessions: return sessionsList
        case .accounts: return accountsList
        case .roles: return rolesList
        }
    }

    /// The list keys go to on this screen.
    var focusedList: ListState { ui.screen == .profiles ? profilesList : list(ui.focus) }
}

/// Messages into the runtime loop.
enum TUIMsg: Sendable {
    case input(InputEvent)
    case ui(UIAction)
    case tick
    case spin
    case doctor(DoctorPanel.Result)
}

typealias TUICommandList = [Command<TUIMsg, UIEffect>]

/// `update(&state, msg)`: keys are interpreted here (widget state changes), domain actions go
/// through Core's `UIReducer`, whose effects become `.perform` commands.
enum TUIUpdate {
    static func initialCommands() -> TUICommandList {
        [.send(.ui(.start)), .every(1, id: "clock", .tick)]
    }

    static func update(_ s: inout TUIState, _ msg: TUIMsg) -> TUICommandList {
        var actions: [UIAction] = []
        switch msg {
        case .input(let e): actions = TUIKeys.handle(&s, e)
        case .ui(let a): actions = [a]
        case .tick: actions = [.tick(Date())]
        case .spin: s.spinner.tick(); return []
        case .doctor(let r): s.doctor.apply(r); return []
        }
        var cmds: TUICommandList = []
        for a in actions {
            cmds += UIReducer.reduce(&s.ui, a).map { .perform($0) }
        }
        cmds += DoctorPanel.commands(&s, after: actions)
        sync(&s)
        // A spinner timer only while something loads (idle screens redraw once a second at most).
        if s.ui.isLoading != s.spinnerOn {
            s.spinnerOn = s.ui.isLoading
            cmds.append(s.spinnerOn ? .every(0.1, id: "spin", .spin) : .cancelTimer("spin"))
        }
        if s.quit { cmds.append(.quit) }
        return cmds
    }

    // MARK: - Keeping widget state in step with the domain state

    static func sync(_ s: inout TUIState) {
        let ui = s.ui
        // Sessions
        let names = ui.sessions.map(\.name)
        if names != s.sessionNames {
            s.sessionNames = names
            s.sessionsList.setItems(names)
        }
        // The domain selection is followed only where the list shows it: a filter that hides it
        // stays (it closes on Esc or Enter only).
        if let sel = ui.selectedSession, let i = names.firstIndex(of: sel), s.sessionsList.selectedIndex != i,
           s.sessionsList.filterMode == .unfiltered {
            s.sessionsList.select(index: i)
        }
        // Accounts of the selected session
        let accts = ui.accounts
        let ids = accts.map(\.accountId)
        if ids != s.accountIds {
            s.accountIds = ids
            s.accountsList.setItems(accts.map { ($0.accountName ?? $0.accountId) + "  " + $0.accountId })
            // Column widths over every account (not just the matches: they keep while filtering).
            var w = [0, 12, 0]
            for a in accts {
                w[0] = max(w[0], UIText.safe(a.accountName ?? a.accountId).displayWidth)
                w[2] = max(w[2], UIText.safe(a.emailAddress ?? "").displayWidth)
            }
            s.accountWidths = w
        }
        if let sel = ui.selectedAccount, let i = ids.firstIndex(of: sel), s.accountsList.selectedIndex != i,
           s.accountsList.filterMode == .unfiltered {
            s.accountsList.select(index: i)
        }
        // Roles of the selected account: another account's roles start at the top, unfiltered.
        let roles = ui.roles ?? []
        if ui.selectedAccount != s.rolesAccount {
            s.rolesAccount = ui.selectedAccount
            s.roleNames = roles
            s.rolesList = ListState(items: roles, matchKind: .fuzzy)
        } else if roles != s.roleNames || (roles.isEmpty && !s.rolesList.items.isEmpty) {
            s.roleNames = roles
            s.rolesList.setItems(roles)
        }
        // Profiles
        let pnames = ui.profiles.map(\.name)
        if pnames != s.profileNames {
            s.profileNames = pnames
            s.profilesList.setItems(pnames)
        }
        // Forms
        if ui.screen == .sessionForm {
            if s.sessionForm == nil { s.sessionForm = sessionForm() }
        } else {
            s.sessionForm = nil
        }
        if ui.screen == .editor, let e = ui.editor {
            if s.editorForm == nil || s.editorFormFor != e {
                s.editorForm = editorForm(e, profiles: ui.profiles)
                s.editorFormFor = e
            }
        } else {
            s.editorForm = nil
            s.editorFormFor = nil
        }
        if ui.screen != .profiles { s.rename = nil }
        // The populate preview: a new plan starts at its top.
        let pv = ui.screen == .populate ? ui.populate?.preview : nil
        if pv != s.populateRowsFor {
            s.populateRowsFor = pv
            s.populateList = ListState(items: pv?.rows.map(\.name) ?? [])
        }
        TUIView.setPageSizes(&s)
        if ui.screen == .populate, let p = ui.populate {
            if s.populateForm == nil || s.populateFormFor != p.initial {
                s.populateForm = populateForm(p.initial)
                s.populateFormFor = p.initial
                s.populateSent = p.initial
            }
        } else {
            s.populateForm = nil
            s.populateFormFor = nil
            s.populateSent = nil
        }
    }

    static let outputUnset = "(not set)"

    static func populateForm(_ r: UIPopulateRequest) -> FormState {
        FormState(fields: [
            FormField("Template", text: r.template, validators: [Validator("template") { t in
                do { try ProfileNaming.validate(template: t); return nil } catch let e as PopulateError {
                    if case .badTemplate(let m) = e { return m }
                    return "\(e)"
                } catch { return "\(error)" }
            }]),
            FormField("Region", pick: UIValidation.regions, value: r.region, allowsCustomValue: true,
                      validators: [Validator("region") { UIValidation.isRegion($0) ? nil : "not a region" }]),
            FormField("Output", pick: [outputUnset] + UIValidation.outputs, value: r.output ?? outputUnset),
            FormField("Prune", pick: ["no", "yes"], value: r.prune ? "yes" : "no"),
        ])
    }

    static func populateRequest(_ f: FormState, _ initial: UIPopulateRequest) -> UIPopulateRequest {
        var r = initial
        r.template = f.fields[0].value
        r.region = f.fields[1].value.trimmingCharacters(in: .whitespaces)
        r.output = f.fields[2].value == outputUnset ? nil : f.fields[2].value
        r.prune = f.fields[3].value == "yes"
        return r
    }

    static func sessionForm() -> FormState {
        FormState(fields: [
            FormField("Session name", placeholder: "e.g. my-sso",
                      validators: [Validator("session-name") { UIValidation.sessionNameProblem($0) }]),
            FormField("Start URL", placeholder: "portal name (acme) or https://…/start",
                      validators: [Validator("start-url") { v in
                          if case .failure(let e) = UIValidation.normalizeStartURL(v) { return e.description }
                          return nil
                      }]),
            FormField("Region", pick: UIValidation.regions, value: "us-east-1", allowsCustomValue: true,
                      validators: [Validator("region") { UIValidation.isRegion($0) ? nil : "not a region" }]),
            FormField("Scopes", text: UIValidation.defaultScopes),
        ])
    }

    static func editorForm(_ e: UIEditorContext, profiles: [ProfileConfig]) -> FormState {
        var f = FormState(fields: [
            FormField("Name", text: e.name,
                      validators: [Validator("profile-name") { UIValidation.profileNameProblem($0) }]),
            FormField("Region", pick: UIValidation.regions, value: e.region, allowsCustomValue: true,
                      validators: [Validator("region") { UIValidation.isRegion($0) ? nil : "not a region" }]),
            FormField("Output", pick: UIValidation.outputs, value: e.output),
        ])
        f.fields[0].touched = true
        return f
    }

    static func sessionDraft(_ f: FormState) -> UISessionDraft {
        UISessionDraft(name: f.fields[0].value.trimmingCharacters(in: .whitespaces), startURL: f.fields[1].value,
                       region: f.fields[2].value, scopes: f.fields[3].value)
    }

    static func profileDraft(_ f: FormState) -> UIProfileDraft {
        UIProfileDraft(name: f.fields[0].value, region: f.fields[1].value, output: f.fields[2].value)
    }
}

/// Key handling per screen. Returns the domain actions to run.
enum TUIKeys {
    static func handle(_ s: inout TUIState, _ event: InputEvent) -> [UIAction] {
        if case .resize(let size) = event { s.size = size; return [] }
        return TUIKeymap.handle(&s, event)
    }

    static func populate(_ s: inout TUIState, _ event: InputEvent) -> [UIAction] {
        guard var f = s.populateForm, let initial = s.populateFormFor else { return [] }
        let r = f.handle(event)
        s.populateForm = f
        let req = TUIUpdate.populateRequest(f, initial)
        switch r {
        case .submitted: return [.submitPopulate(req)]
        case .cancelled: return [.back]
        case .changed:
            guard req != s.populateSent else { return [] }
            s.populateSent = req
            return [.populateChanged(req)]
        case .ignored:
            guard case .key(let k) = event else { return [] }
            switch k {
            case .home: s.populateList.moveToTop()
            case .end: s.populateList.scroll(pages: Int.max / 4)
            default: break
            }
            return []
        }
    }

    static func sessionForm(_ s: inout TUIState, _ event: InputEvent) -> [UIAction] {
        guard var f = s.sessionForm else { return [] }
        let r = f.handle(event)
        s.sessionForm = f
        switch r {
        case .submitted: return [.submitSession(TUIUpdate.sessionDraft(f))]
        case .cancelled: return [.back]
        case .changed:
            s.ui.sessionFormError = nil
            return []
        case .ignored:
            if case .key(.char("q")) = event { s.quit = true }
            return []
        }
    }

    static func editor(_ s: inout TUIState, _ event: InputEvent) -> [UIAction] {
        guard var f = s.editorForm else { return [] }
        let r = f.handle(event)
        s.editorForm = f
        switch r {
        case .submitted: return [.submitProfile(TUIUpdate.profileDraft(f))]
        case .cancelled: return [.back]
        case .changed:
            s.ui.editorError = nil
            return []
        case .ignored: return []
        }
    }
}
