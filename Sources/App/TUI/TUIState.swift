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
