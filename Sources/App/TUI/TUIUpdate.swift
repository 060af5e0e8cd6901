import Core
import Foundation
import TUIKit

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
            // Profiles that old SDKs (Go SDK v2 before sso-session support, Terraform providers
            // built on it) can use too; docs/reference.md, "Compat profiles".
            FormField("Old SDKs", pick: ["no", "yes"], value: "no"),
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
                       region: f.fields[2].value, scopes: f.fields[3].value, compat: f.fields[4].value == "yes")
    }

    static func profileDraft(_ f: FormState) -> UIProfileDraft {
        UIProfileDraft(name: f.fields[0].value, region: f.fields[1].value, output: f.fields[2].value)
    }
}
