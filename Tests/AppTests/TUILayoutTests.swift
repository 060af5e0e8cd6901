import XCTest
import Foundation
@testable import App
import Core
import TUIKit

/// Issue 11's layout promises at 80x24, 120x40 and 200x50: nothing cut where a shorter form fits,
/// the `?` overlay between the title and the status lines, and status lines that no longer apply gone.
extension TUIViewTests {
    func sized(_ s: TUIState, _ size: Size) -> TUIState {
        var s = s
        _ = TUIUpdate.update(&s, .input(.resize(size)))
        return s
    }

    func testLayoutAtThreeSizes() {
        for size in [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 200, height: 50)] {
            for (name, st) in screens() {
                let s = sized(st, size)
                let lines = TUIView.render(s, size).lines()
                XCTAssertEqual(lines.count, size.height, name)
                for l in lines { XCTAssertEqual(l.displayWidth, size.width, "\(name) at \(size)") }
                let text = lines.joined(separator: "\n")
                if name == "main" {
                    // Names shown whole: they fit at every size.
                    for n in ["Zürich          100000000007", "PowerUserAccess", "acme", "Roles · Zürich"] {
                        XCTAssertTrue(text.contains(n), "\(n) cut on the main screen at \(size):\n\(text)")
                    }
                    // (At 120 columns the Sessions column is narrow: the URL is shortened in the middle.)
                    XCTAssertTrue(text.contains("eu-west-1") && text.contains("https://acme") && text.contains("/start"),
                                  "the Sessions pane shows the start URL and region at \(size):\n\(text)")
                    if size.width >= 120 { XCTAssertFalse(lines.last!.contains("…"), "the help bar fits at \(size): \(lines.last!)") }
                    if size.width >= 200 {
                        XCTAssertTrue(text.contains("aws+7@acme.example"), "room for the e-mail column at \(size)")
                        XCTAssertTrue(text.contains("https://acme.awsapps.com/start") && text.contains("region eu-west-1"),
                                      "the Sessions pane shows the session's start URL and region:\n\(text)")
                    }
                }
                if name == "help" {
                    XCTAssertTrue(lines[size.height - 1].contains("scroll") && lines[size.height - 1].contains("close"), text)
                    XCTAssertFalse(lines[size.height - 2].contains("╰") || lines[size.height - 1].contains("╰"),
                                   "the overlay leaves the status lines: \(text)")
                }
            }
        }
    }

    func testHelpOverlayScrollsToItsEnd() {
        var s = sized(screens().first { $0.0 == "help" }!.1, Size(width: 80, height: 24))
        var text = TUIView.render(s, s.size).lines().joined(separator: "\n")
        XCTAssertFalse(text.contains("Ctrl-U"), "the forms section is below the fold")
        _ = TUIUpdate.update(&s, .input(.key(.end)))
        text = TUIView.render(s, s.size).lines().joined(separator: "\n")
        XCTAssertTrue(text.contains("Ctrl-C"), text)
        XCTAssertTrue(s.showHelp)
        _ = TUIUpdate.update(&s, .input(.key(.char("x"))))
        XCTAssertFalse(s.showHelp, "any other key closes it")
    }

    func testStatusLinesThatNoLongerApplyGo() {
        // A failed listing: the title no longer says more are coming.
        var s = state([.listing(session: "acme", .accounts(Array(accounts.prefix(3)))), .listing(session: "acme", .failed("boom"))])
        s = sized(s, Size(width: 120, height: 40))
        let text = TUIView.render(s, s.size).lines().joined(separator: "\n")
        XCTAssertTrue(text.contains("Accounts (3)") && !text.contains("Accounts (3…)"), text)
        // "Populate needs every account's roles…" goes when populate opens.
        var p = state([.listing(session: "acme", .accounts(Array(accounts.prefix(1))))])
        _ = TUIUpdate.update(&p, .ui(.openPopulate(accountIds: nil, label: "all")))
        XCTAssertTrue(p.ui.message?.text.hasPrefix("Populate needs") ?? false)
        for a in [UIAction.listing(session: "acme", .accountsComplete(total: 1)),
                  .listing(session: "acme", .roles(accountId: accounts[0].accountId, roles: [AccountRole(accountId: accounts[0].accountId, roleName: "R")])),
                  .listing(session: "acme", .finished(ListingStats())), .openPopulate(accountIds: nil, label: "all")] {
            _ = TUIUpdate.update(&p, .ui(a))
        }
        XCTAssertEqual(p.ui.screen, .populate)
        XCTAssertNil(p.ui.message, "the old line no longer applies")
    }
}
