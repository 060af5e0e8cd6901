import XCTest
import Foundation
@testable import App
import Core
import TUIKit

/// The TUI's doctor: the top-line count covers the fails of the sessions shown (and global
/// ones), `D` opens the findings (not while a filter is typed), `f` asks before repairing, and
/// the commands are due after the right actions only.
final class DoctorPanelTests: XCTestCase {
    let now = Date()

    func state(_ findings: [DoctorFinding]) -> TUIState {
        var s = TUIState(ui: UIState(configPath: "/home/u/.aws/config", now: now), noColor: true)
        s.doctor.environment = ["HOME": "/home/u"]
        let sessions = [UISession(name: "acme", startURL: "https://acme.awsapps.com/start", region: "eu-west-1",
                                  tokenExpiresAt: now.addingTimeInterval(7300), refreshable: true)]
        _ = TUIUpdate.update(&s, .ui(.configLoaded(sessions: sessions, profiles: [])))
        _ = TUIUpdate.update(&s, .doctor(DoctorPanel.Result(findings: findings, fixed: nil)))
        return s
    }

    let findings = [
        DoctorFinding(.tokenMissing, .fail, subject: "sso-session other", message: "not logged in", fix: "x", scope: .session("other")),
        DoctorFinding(.tokenMissing, .fail, subject: "start URL https://l", message: "not logged in", fix: "x", scope: .legacy(startURL: "https://l")),
        DoctorFinding(.cachePermissions, .fail, subject: "/home/u/.aws/sso/cache/a.json", message: "mode 0644, should be 0600",
                      fix: "aws-sso-tui doctor --fix", repairs: [.chmod(path: "/home/u/.aws/sso/cache/a.json", mode: 0o600)]),
        DoctorFinding(.cacheOrphan, .warn, subject: "/home/u/.aws/sso/cache/b.json", message: "orphan \u{1B}[31m",
                      fix: "aws-sso-tui doctor --fix", repairs: [.remove(path: "/home/u/.aws/sso/cache/b.json")]),
        DoctorFinding(.tokenExpired, .ok, subject: "sso-session acme", message: "logged in", scope: .session("acme")),
    ]

    func testBadgeCountsFailsOfShownSessionsAndGlobalOnes() {
        let s = state(findings)
        XCTAssertEqual(DoctorView.badge(s), "doctor: 1 problem (D)  ")
        let top = TUIView.render(s, Size(width: 120, height: 30)).lines()[0]
        XCTAssertTrue(top.contains("doctor: 1 problem (D)") && top.contains("q quit"), top)
        XCTAssertNil(DoctorView.badge(state(findings.filter { $0.status != .fail || $0.scope != .global })))
    }

    func testKeysOpenScrollConfirmAndClose() {
        var s = state(findings)
        XCTAssertEqual(TUIKeymap.handle(&s, .key(.char("D"))), [])
        XCTAssertTrue(s.doctor.open)
        XCTAssertEqual(DoctorPanel.commands(&s, after: []).count, 1, "opening recomputes")
        let screen = TUIView.render(s, Size(width: 120, height: 30)).lines().joined(separator: "\n")
        XCTAssertTrue(screen.contains("Doctor: 3 fail, 1 warn"), screen)
        XCTAssertTrue(screen.contains("fail  cache-permissions  ~/.aws/sso/cache/a.json"), screen)
        XCTAssertTrue(screen.contains("fix: f  (or: aws-sso-tui doctor --fix)"), screen)
        XCTAssertFalse(screen.contains("\u{1B}"), "server/file text is data")
        XCTAssertTrue(screen.contains("f repair 2 file problems"), screen)
        XCTAssertEqual(TUIKeymap.handle(&s, .key(.char("f"))), [])
        XCTAssertTrue(s.doctor.confirmFix)
        XCTAssertEqual(TUIKeymap.handle(&s, .key(.char("n"))), [])
        XCTAssertFalse(s.doctor.fixWanted, "n repairs nothing")
        _ = TUIKeymap.handle(&s, .key(.char("f")))
        _ = TUIKeymap.handle(&s, .key(.char("y")))
        XCTAssertTrue(s.doctor.fixWanted)
        XCTAssertEqual(DoctorPanel.commands(&s, after: []).count, 1)
        XCTAssertFalse(s.doctor.fixWanted)
        XCTAssertEqual(TUIKeymap.handle(&s, .key(.char("R"))), [], "every key is the overlay's while open")
        XCTAssertTrue(s.doctor.open)
        XCTAssertEqual(TUIKeymap.handle(&s, .key(.escape)), [])
        XCTAssertFalse(s.doctor.open)
        XCTAssertEqual(TUIKeymap.handle(&s, .key(.char("R"))), [.reload], "closed: R reloads again")
    }

    func testDIsTypedWhileFiltering() {
        var s = state(findings)
        s.ui.focus = .sessions
        _ = TUIUpdate.update(&s, .input(.key(.char("/"))))
        XCTAssertEqual(s.sessionsList.filterMode, .filtering)
        _ = TUIUpdate.update(&s, .input(.key(.char("D"))))
        XCTAssertFalse(s.doctor.open)
        XCTAssertEqual(s.sessionsList.query.text, "D", "D is typed into the filter")
    }

    func testRecomputedAfterTokenReadsLoginsAndConfigOnly() {
        var s = state(findings)
        XCTAssertEqual(DoctorPanel.commands(&s, after: [.tick(now)]).count, 0)
        XCTAssertEqual(DoctorPanel.commands(&s, after: [.tokensRead([:])]).count, 1)
        XCTAssertEqual(DoctorPanel.commands(&s, after: [.loginSucceeded(session: "acme", expiresAt: now)]).count, 1)
        s.doctor.environment = nil
        XCTAssertEqual(DoctorPanel.commands(&s, after: [.tokensRead([:])]).count, 0, "off without an environment")
    }
}
