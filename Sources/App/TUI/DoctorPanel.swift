import Core
import Foundation
import TUIKit

/// The TUI's `doctor`: Core's findings for the config and HOME the TUI runs on, recomputed off
/// the UI loop (a `.task` command: file reads only, no network) after each token read (every
/// 30 s), login, logout, refresh and config load or save; a problem count for the top line; and
/// the findings overlay (`D` on the main screen), where `f` runs the file repairs of
/// `doctor --fix` after a y/n.
///
/// Wiring (kept to single lines in the shared files): `TUIState.doctor`, the `TUIMsg.doctor`
/// case, ``handle(_:_:)`` first in `TUIKeys.handle`, ``commands(_:after:)`` in
/// `TUIUpdate.update`, ``DoctorView`` in `TUIView.render`.
struct DoctorPanel {
    /// The environment the findings are computed in (HOME, AWS_*); nil: doctor is off.
    var environment: [String: String]?
    var findings: [DoctorFinding] = []
    /// The overlay is open.
    var open = false
    var scroll = 0
    /// Waiting for y/n before the file repairs.
    var confirmFix = false
    /// What the last repair did, one line each.
    var fixed: [String] = []
    /// A recomputation / a repair was asked for (turned into commands by ``commands(_:after:)``).
    var refreshWanted = false
    var fixWanted = false

    /// The result a doctor task sends back.
    struct Result: Sendable {
        var findings: [DoctorFinding]
        var fixed: [String]?
    }

    mutating func apply(_ r: Result) {
        findings = r.findings
        if let f = r.fixed { fixed = f.isEmpty ? ["Nothing to repair."] : f }
    }

    /// The `fail` findings for the sessions shown (global ones included, legacy start URLs not).
    func failures(_ ui: UIState) -> [DoctorFinding] {
        findings.failures(forSessions: Set(ui.sessions.map(\.name)))
    }

    /// What the overlay lists: every finding that is not `ok`, fails first.
    var problems: [DoctorFinding] {
        findings.filter { $0.status == .fail } + findings.filter { $0.status == .warn }
    }

    var fileRepairCount: Int { Set(findings.flatMap { $0.repairs.filter(\.isFileRepair) }).count }

    // MARK: - Update

    /// The doctor commands due after `actions` (and after a key asked for a repair).
    static func commands(_ s: inout TUIState, after actions: [UIAction]) -> [Command<TUIMsg, UIEffect>] {
        guard let env = s.doctor.environment else { return [] }
        let path = s.ui.configPath
        var cmds: [Command<TUIMsg, UIEffect>] = []
        if s.doctor.fixWanted {
            s.doctor.fixWanted = false
            s.doctor.refreshWanted = false
            cmds.append(.task { .doctor(fix(configPath: path, environment: env)) })
        }
        if s.doctor.refreshWanted || actions.contains(where: refreshes) {
            s.doctor.refreshWanted = false
            cmds.append(.task { .doctor(Result(findings: compute(configPath: path, environment: env), fixed: nil)) })
        }
        return cmds
    }

    static func refreshes(_ a: UIAction) -> Bool {
        switch a {
        case .tokensRead, .loginSucceeded, .loggedOut, .tokenRefreshed, .configLoaded, .configSaved: return true
        default: return false
        }
    }

    static func input(configPath: String, environment env: [String: String]) -> DoctorInput {
        let home = env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return DoctorInput.gather(explicitConfig: configPath, environment: env, home: home, now: Date())
    }

    static func compute(configPath: String, environment: [String: String]) -> [DoctorFinding] {
        Doctor.findings(input(configPath: configPath, environment: environment), fs: LocalDoctorFileSystem())
    }

    /// `doctor --fix` without the logins (those are `l` in the Sessions pane).
    static func fix(configPath: String, environment: [String: String]) -> Result {
        let fs = LocalDoctorFileSystem()
        let inp = input(configPath: configPath, environment: environment)
        let outcomes = DoctorFixer.applyFileRepairs(Doctor.findings(inp, fs: fs), fs: fs, now: Date(),
                                                    protectedTokens: DoctorFixer.sessionTokenPaths(inp))
        return Result(findings: compute(configPath: configPath, environment: environment),
                      fixed: outcomes.map { "\($0.ok ? "fixed" : "not fixed")  \($0.check.rawValue)  \($0.text)" })
    }
}

// MARK: - Keys (tables of the one keymap; see TUIKeymap.active)

extension TUIKeymap {
    /// `D` on the main screen: the findings overlay.
    static var openDoctor: KeyEntry {
        KeyEntry([.char("D")], help: "doctor", doc: "doctor: what is wrong with SSO here, and repairs (as `aws-sso-tui doctor`)", bar: false,
                 when: { s in enabled(s.doctor.environment != nil, "doctor is off in this run") }) { s, _ in
            s.doctor.open = true
            s.doctor.scroll = 0
            s.doctor.fixed = []
            s.doctor.refreshWanted = true
            return []
        }
    }

    /// While the findings overlay is open it takes every key.
    static var doctor: KeyTable {
        KeyTable("Doctor", place: "doctor", [
            KeyEntry([.escape, .char("D")], "Esc D", barLabel: "Esc", help: "close") { s, _ in s.doctor.open = false; return [] },
            KeyEntry([.char("f")], help: "repair files", doc: "repair the files doctor can repair (asks y/n)",
                     when: { s in enabled(s.doctor.fileRepairCount > 0, "Nothing here that doctor can repair") }) { s, _ in
                s.doctor.confirmFix = true; return []
            },
            KeyEntry([.up, .down, .char("j"), .char("k"), .pageUp, .pageDown], "↑ ↓ PgUp PgDn", barLabel: "↑/↓", help: "scroll") { s, k in
                switch k {
                case .up, .char("k"): s.doctor.scroll = max(0, s.doctor.scroll - 1)
                case .down, .char("j"): s.doctor.scroll += 1
                case .pageUp: s.doctor.scroll = max(0, s.doctor.scroll - 10)
                default: s.doctor.scroll += 10
                }
                return []
            },
            KeyEntry([.char("q")], help: "quit") { s, _ in s.quit = true; return [] },
        ], input: { _, _ in [] })
    }

    /// The y/n before the file repairs: y repairs, any other key does not.
    static var doctorConfirm: KeyTable {
        KeyTable("Doctor: repair?", place: "doctor's y/n", [
            KeyEntry([.char("y"), .char("Y")], "y", help: "repair") { s, _ in
                s.doctor.confirmFix = false; s.doctor.fixWanted = true; return []
            },
        ], input: { s, _ in s.doctor.confirmFix = false; return [] },
           bar: { _ in [KeyBinding([.char("y")], help: "repair"), KeyBinding([.char("n")], label: "any key", help: "no")] })
    }
}
